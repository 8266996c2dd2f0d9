using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Twin.Api.Errors;

/// <summary>
/// The one place that decides which HTTP status an error gets. Endpoints never pick status codes
/// for failures themselves, so the same error is the same answer everywhere.
/// </summary>
public static class ErrorMapping
{
    /// <summary>The problem for an exception that escaped an endpoint.</summary>
    public static ProblemDetails FromException(Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException bad:
                return ApiProblems.Create(StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidPayload,
                    "Invalid request body", DescribeBadRequest(bad));
            case JsonException json:
                return ApiProblems.Create(StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidPayload,
                    "Invalid request body", $"The body is not valid JSON for this request{(json.Path is null ? "" : $" (at {json.Path})")}: {json.Message}");
            case TimeoutException or Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException:
                return ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, ApiErrorCodes.ClusterUnavailable,
                    "Cluster unavailable",
                    "The twin did not answer in time. Retry the same command with the same Idempotency-Key; it will not be applied twice.");
        }

        var mapped = TwinErrorMapping.TryMap(exception);
        return mapped ?? ApiProblems.Create(StatusCodes.Status500InternalServerError, ApiErrorCodes.ServerError,
            "Unexpected error", "The request failed unexpectedly. Quote the correlationId to support; details are in the silo log.");
    }

    private static string DescribeBadRequest(BadHttpRequestException bad)
    {
        // The framework message names the parameter; the JSON reader's message names the field and position.
        var json = bad.InnerException as JsonException;
        return json is null
            ? $"{bad.Message} Send a JSON body with Content-Type: application/json as described in /openapi/v1.json."
            : $"The body is not valid for this request{(json.Path is null ? "" : $" (at {json.Path})")}: {json.Message}";
    }
}
