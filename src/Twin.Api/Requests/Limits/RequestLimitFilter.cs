using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Twin.Api.Requests.Limits;

/// <summary>
/// Applies <see cref="RequestBodyLimits"/> to the command body of every plant endpoint before it runs, so no
/// endpoint can forget a bound and no oversized value ever reaches a twin, its storage or the change stream.
/// </summary>
internal sealed class RequestLimitFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is not ICommandBody body)
                continue;
            var services = context.HttpContext.RequestServices;
            var limits = services.GetRequiredService<IOptions<RequestLimits>>().Value;
            var now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
            if (!RequestBodyLimits.Check(body, limits, now))
            {
                // A new command type without limits is a programming error: refuse loudly rather than accept unbounded input.
                throw new InvalidOperationException($"{body.GetType().Name} has no limits in {nameof(RequestBodyLimits)}; add them there.");
            }
        }

        return next(context);
    }
}
