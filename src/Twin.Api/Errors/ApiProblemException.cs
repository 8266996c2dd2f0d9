using Microsoft.AspNetCore.Mvc;

namespace Twin.Api.Errors;

/// <summary>
/// Thrown by request validation helpers to stop an endpoint with a ready-made problem; the
/// problem-details boundary writes it. Keeps endpoint code a straight line instead of nested checks.
/// </summary>
public sealed class ApiProblemException(ProblemDetails problem) : Exception(problem.Detail)
{
    /// <summary>The answer to send.</summary>
    public ProblemDetails Problem { get; } = problem;
}
