using Microsoft.AspNetCore.Http;
using Twin.Api.Errors;
using Twin.Api.Security;

namespace Twin.Api.Requests;

/// <summary>400 answers for query and body values the JSON reader cannot judge (ranges, combinations).</summary>
internal static class Invalid
{
    public static ApiProblemException Payload(string detail) =>
        new(ApiProblems.Create(StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidPayload, "Invalid request", detail));

    /// <summary>The history length asked for, checked against the configured bound (default 100).</summary>
    public static int HistoryMax(int? max, TwinApiOptions options)
    {
        var value = max ?? 100;
        return value >= 1 && value <= options.MaxHistoryEntries
            ? value
            : throw Payload($"max must be between 1 and {options.MaxHistoryEntries} (was {value}).");
    }
}
