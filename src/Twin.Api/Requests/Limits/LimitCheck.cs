using Microsoft.AspNetCore.Http;
using Twin.Api.Errors;

namespace Twin.Api.Requests.Limits;

/// <summary>
/// The checks behind every limit, each stopping the request with a 400 whose <c>code</c> says which kind of limit
/// and whose <c>field</c> and <c>limit</c> members name what was wrong, so a plant app can tell its user.
/// </summary>
internal static class LimitCheck
{
    public static void Text(string? value, string field, int max)
    {
        if (value is not null && value.Length > max)
        {
            throw Problem(ApiErrorCodes.ValueTooLong, "Value too long", field, max,
                $"{field} has {value.Length} characters; at most {max} are allowed (setting {RequestLimits.Section}).");
        }
    }

    public static void Count<T>(IReadOnlyCollection<T>? items, string field, int max)
    {
        if (items is not null && items.Count > max)
        {
            throw Problem(ApiErrorCodes.TooManyValues, "Too many values", field, max,
                $"{field} has {items.Count} elements; at most {max} are allowed in one request (setting {RequestLimits.Section}). Send them in several requests.");
        }
    }

    /// <summary>A quantity at most <paramref name="max"/> in size; its sign is the twin's rule (it answers invalid-quantity).</summary>
    public static void Quantity(decimal value, string field, decimal max)
    {
        if (Math.Abs(value) > max)
        {
            throw OutOfRange(field, $"at most {max}", $"{field} {value} is larger than the largest quantity a command may carry ({max}, setting {RequestLimits.Section}:MaxQuantity).");
        }
    }

    public static void Range(long value, string field, long min, long max)
    {
        if (value < min || value > max)
        {
            throw OutOfRange(field, $"{min}..{max}", $"{field} must be between {min} and {max} (was {value}).");
        }
    }

    public static void Range(decimal value, string field, decimal min, decimal max)
    {
        if (value < min || value > max)
        {
            throw OutOfRange(field, $"{min}..{max}", $"{field} must be between {min} and {max} (was {value}).");
        }
    }

    public static void Duration(TimeSpan? value, string field, TimeSpan max)
    {
        if (value is { } d && (d <= TimeSpan.Zero || d > max))
        {
            throw OutOfRange(field, $"00:00:00..{max}", $"{field} must be a positive duration of at most {max} (was {d}).");
        }
    }

    public static ApiProblemException OutOfRange(string field, string limit, string detail) =>
        Problem(ApiErrorCodes.ValueOutOfRange, "Value out of range", field, limit, detail);

    private static ApiProblemException Problem(string code, string title, string field, object limit, string detail)
    {
        var problem = ApiProblems.Create(StatusCodes.Status400BadRequest, code, title, detail);
        problem.Extensions["field"] = field;
        problem.Extensions["limit"] = limit;
        return new ApiProblemException(problem);
    }
}
