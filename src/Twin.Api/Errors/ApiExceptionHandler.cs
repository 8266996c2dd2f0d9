using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Twin.Api.Requests;

namespace Twin.Api.Errors;

/// <summary>
/// Turns exceptions that reach the edge of an /api request into problem details through the central
/// <see cref="ErrorMapping"/>: malformed bodies (400), twin errors (400/404/409) and cluster timeouts (503).
/// Anything unmapped is a 500 problem with the correlation id, never a stack trace. Runs inside ASP.NET Core's
/// exception handler middleware (<c>UseExceptionHandler</c>), which clears the response first and, since the
/// exception is handled here, writes no diagnostics of its own: the 5xx line below is the only one.
/// </summary>
internal sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            // The caller has gone: nobody reads an answer, and the middleware records the abort itself.
            return false;
        }

        var problem = ErrorMapping.FromException(exception);
        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path);
        }

        // The middleware cleared the headers; the correlation id must survive, it is what support asks for.
        context.Response.Headers[CorrelationId.HeaderName] = CorrelationId.Of(context);
        await ApiProblems.WriteAsync(context, problem);
        return true;
    }
}
