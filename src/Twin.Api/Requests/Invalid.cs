using Microsoft.AspNetCore.Http;
using Twin.Api.Errors;
using Twin.Api.Security;

namespace Twin.Api.Requests;

/// <summary>400 answers for query and body values the JSON reader cannot judge (ranges, combinations).</summary>
internal static class Invalid
{
    public static ApiProblemException Payload(string detail) =>
        new(ApiProblems.Create(StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidPayload, "Invalid request", detail));

    /// <summary>
    /// A request collection with no null elements. The JSON reader accepts <c>null</c> both for the list and
    /// inside it; left unchecked that reaches the endpoint as a NullReferenceException (a 500).
    /// </summary>
    public static IReadOnlyList<T> Items<T>(IReadOnlyList<T>? items, string field) where T : class
    {
        if (items is null)
            throw Payload($"{field} is required and must be a list (was null).");
        for (var i = 0; i < items.Count; i++)
            if (items[i] is null)
                throw Payload($"{field}[{i}] is null; every element of {field} must be an object.");
        return items;
    }

    /// <summary>
    /// An enum value the contract names. The JSON reader turns any number into an enum (<c>"purpose":77</c>),
    /// so undefined values must be refused here before they reach the domain.
    /// </summary>
    public static T Defined<T>(T value, string field) where T : struct, Enum =>
        Enum.IsDefined(value)
            ? value
            : throw Payload($"{field} {value} is not one of: {string.Join(", ", Enum.GetNames<T>())}.");

    /// <summary>The history length asked for, checked against the configured bound (default 100).</summary>
    public static int HistoryMax(int? max, TwinApiOptions options)
    {
        var value = max ?? 100;
        return value >= 1 && value <= options.MaxHistoryEntries
            ? value
            : throw Payload($"max must be between 1 and {options.MaxHistoryEntries} (was {value}).");
    }
}
