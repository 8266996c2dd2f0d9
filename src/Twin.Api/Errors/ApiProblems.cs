using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Twin.Api.Requests;

namespace Twin.Api.Errors;

/// <summary>Builds and writes RFC 7807 problem details with the Twin extensions (code, correlationId, traceId).</summary>
public static class ApiProblems
{
    /// <summary>The problem type URI prefix; the code makes each type unique and documentable.</summary>
    public const string TypePrefix = "https://twin.dev/problems/";

    /// <summary>A problem with a stable <paramref name="code"/>, a short title and a detail that says what to do.</summary>
    public static ProblemDetails Create(int status, string code, string title, string detail) => new()
    {
        Status = status,
        Type = TypePrefix + code,
        Title = title,
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    /// <summary>The problem as a minimal-API result.</summary>
    public static IResult Result(ProblemDetails problem) =>
        Results.Problem(problem);

    /// <summary>Writes the problem to the response (for middleware and authentication handlers).</summary>
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        Enrich(context, problem);
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var writer = context.RequestServices.GetService<IProblemDetailsService>();
        if (writer is null || !await writer.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
        }
    }

    /// <summary>Adds the correlation id and trace id so a support engineer can find the request in logs.</summary>
    internal static void Enrich(HttpContext context, ProblemDetails problem)
    {
        problem.Instance ??= context.Request.Path;
        problem.Extensions.TryAdd("correlationId", CorrelationId.Of(context));
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.TraceIdentifier);
    }
}
