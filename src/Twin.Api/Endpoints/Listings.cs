using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using Twin.Api.Requests;
using Twin.Contracts;

namespace Twin.Api.Endpoints;

/// <summary>
/// Paged plant listings: <c>?limit=</c> (1–5,000, default 1,000) and <c>?after=</c> (the cursor). The body stays a
/// JSON array in id order, so callers that read one array keep working; when more follow, the response carries
/// the cursor in <c>X-Next-After</c> and the next page's address in <c>Link: &lt;…&gt;; rel="next"</c>.
/// </summary>
internal static class Listings
{
    public const string NextAfterHeader = "X-Next-After";

    public static async Task<Ok<IReadOnlyList<T>>> Page<T>(HttpContext http, int? limit, string? after,
        Func<string?, int, Task<ListingPage<T>>> page)
    {
        var size = limit ?? ListingPaging.DefaultPageSize;
        if (size < 1 || size > ListingPaging.MaxPageSize)
        {
            throw Invalid.Payload($"limit must be between 1 and {ListingPaging.MaxPageSize} (was {size}).");
        }

        after = string.IsNullOrEmpty(after) ? null : Ids.Require(after, "after");
        var result = await page(after, size);
        if (result.Next is { } next)
        {
            http.Response.Headers[NextAfterHeader] = next;
            http.Response.Headers.Link = $"<{NextPage(http.Request, size, next)}>; rel=\"next\"";
        }

        return TypedResults.Ok(result.Items);
    }

    private static string NextPage(HttpRequest request, int size, string next)
    {
        var query = request.Query
            .Where(q => !q.Key.Equals("after", StringComparison.OrdinalIgnoreCase) && !q.Key.Equals("limit", StringComparison.OrdinalIgnoreCase))
            .Select(q => new KeyValuePair<string, StringValues>(q.Key, q.Value))
            .Append(new("limit", size.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(new("after", next));
        return $"{request.PathBase}{request.Path}{QueryString.Create(query)}";
    }
}
