using Microsoft.AspNetCore.Http;

namespace Twin.Api.Requests;

/// <summary>
/// Validates every id in the route (<c>{plant}</c>, <c>{id}</c>) before the endpoint runs, so no endpoint can
/// forget it and no malformed id ever becomes a grain key.
/// </summary>
internal sealed class RouteIdFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var (name, value) in context.HttpContext.Request.RouteValues)
        {
            if (name is "plant" or "id")
            {
                Ids.Require(value as string, name == "plant" ? "plant id" : "twin id");
            }
        }

        return next(context);
    }
}
