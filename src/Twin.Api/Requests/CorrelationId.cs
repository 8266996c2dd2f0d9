using Microsoft.AspNetCore.Http;

namespace Twin.Api.Requests;

/// <summary>
/// The correlation id of a request: taken from <c>X-Correlation-Id</c> when the caller sends one
/// (so an MES can follow its own id through Twin into the ERP), generated otherwise, and always
/// echoed on the response. Commands pass it to the twins, which stamp it on events and history.
/// </summary>
public static class CorrelationId
{
    /// <summary>Request and response header carrying the id.</summary>
    public const string HeaderName = "X-Correlation-Id";

    private const string ItemKey = "twin.correlation-id";

    /// <summary>The correlation id of <paramref name="context"/>, generating one if the middleware has not run.</summary>
    public static string Of(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var value) && value is string id)
        {
            return id;
        }

        id = NewId();
        context.Items[ItemKey] = id;
        return id;
    }

    /// <summary>A new id: 32 hex digits, the same shape as a W3C trace id so tools can show it.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>True when a caller-supplied id follows the same rule as request ids (the twins check it again).</summary>
    public static bool IsAcceptable(string value) => Twin.Contracts.TwinIds.RequestIdProblem(value) is null;

    internal static void Set(HttpContext context, string id) => context.Items[ItemKey] = id;
}
