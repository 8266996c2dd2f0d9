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
