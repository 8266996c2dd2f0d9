using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Twin.Api.Errors;

namespace Twin.Api.Requests;

/// <summary>Reads or generates the correlation id before authentication, so even a 401 carries it.</summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ILoggerFactory loggers)
    {
        var sent = context.Request.Headers[CorrelationId.HeaderName].ToString();
        var acceptable = sent.Length == 0 || CorrelationId.IsAcceptable(sent);
        var id = sent.Length == 0 || !acceptable ? CorrelationId.NewId() : sent;
        CorrelationId.Set(context, id);
        context.Response.Headers[CorrelationId.HeaderName] = id;

        if (!acceptable)
        {
            await ApiProblems.WriteAsync(context, ApiProblems.Create(StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidCorrelationId,
                "Invalid correlation id",
                $"The {CorrelationId.HeaderName} header is not usable: {Twin.Contracts.TwinIds.RequestIdProblem(sent, "correlation id")} Leave it out to get a generated one."));
            return;
        }

        // Everything logged while the request is handled names its correlation id (the twins' lines too, in-process).
        using (loggers.CreateLogger("Twin.Correlation").BeginScope(new Twin.Contracts.CorrelationLogScope(id)))
        {
            await next(context);
        }
    }
}
