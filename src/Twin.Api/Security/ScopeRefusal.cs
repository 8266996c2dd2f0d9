using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Twin.Api.Security;

/// <summary>Why a key's scope refused a request, with the problem to answer (<see cref="ScopeAwareAuthorizationResultHandler"/>).</summary>
internal sealed class ScopeRefusal(IAuthorizationHandler handler, ProblemDetails problem)
    : AuthorizationFailureReason(handler, problem.Detail ?? "")
{
    public ProblemDetails Problem { get; } = problem;
}
