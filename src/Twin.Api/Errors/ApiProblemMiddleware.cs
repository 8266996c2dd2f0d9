using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Twin.Api.Requests;

namespace Twin.Api.Errors;

/// <summary>
/// Turns exceptions that reach the edge of an /api request into problem details through the
/// central <see cref="ErrorMapping"/>: malformed bodies (400), twin errors (400/404/409) and cluster
/// timeouts (503). Anything unmapped is a 500 problem with the correlation id, never a stack trace.
/// </summary>
internal sealed class ApiProblemMiddleware(RequestDelegate next, ILogger<ApiProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (!context.Response.HasStarted && context.Response.StatusCode is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed
                && context.GetEndpoint() is null or { DisplayName: "405 HTTP Method Not Supported" })
            {
                // Routing found nothing: say so in the same problem format instead of an empty body.
                // (A catch-all fallback route would do this too, but it outranks endpoints whose optional
                // JSON body is sent without a Content-Type.)
                await ApiProblems.WriteAsync(context, ApiProblems.Create(context.Response.StatusCode, ApiErrorCodes.UnknownRoute,
                    "Unknown route", $"{context.Request.Method} {context.Request.Path} is not part of the Twin API; the routes are listed in /openapi/v1.json."));
            }
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var problem = ErrorMapping.FromException(exception);
            if (problem.Status >= StatusCodes.Status500InternalServerError)
            {
                logger.LogError(exception, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            }

            // Clear() drops headers too; the correlation id must survive, it is what support asks for.
            context.Response.Clear();
            context.Response.Headers[CorrelationId.HeaderName] = CorrelationId.Of(context);
            await ApiProblems.WriteAsync(context, problem);
        }
    }
}
