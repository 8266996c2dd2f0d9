using Twin.Contracts;

namespace Twin.Api.Errors;

/// <summary>
/// Stable error codes the API puts in the <c>code</c> member of every problem details body. Plant apps
/// branch on these, so they never change once published; new ones may be added. Codes of rejected twin
/// commands (<see cref="TwinErrorCodes"/>, e.g. <c>insufficient-stock</c>) pass through unchanged, and the
/// API's own codes use the same kebab-case vocabulary.
/// </summary>
public static class ApiErrorCodes
{
    /// <summary>401: no API key was sent.</summary>
    public const string MissingApiKey = "missing-api-key";

    /// <summary>401: the API key matches no configured key.</summary>
    public const string InvalidApiKey = "invalid-api-key";

    /// <summary>403: the key is valid but its role is too low for the request.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>400: a twin or plant id in the route or body breaks the id rules (same code the twins use).</summary>
    public const string InvalidId = TwinErrorCodes.InvalidId;

    /// <summary>400: the body is not valid JSON, has the wrong shape, a required field is missing, or a query value is malformed.</summary>
    public const string InvalidPayload = "invalid-payload";

    /// <summary>400: a text field is longer than its configured limit (<c>Twin:Api:Limits</c>, checked by the twins: <see cref="CommandLimitRules"/>); the problem names the field and the limit.</summary>
    public const string ValueTooLong = TwinErrorCodes.ValueTooLong;

    /// <summary>400: a list holds more elements than its configured limit; the problem names the field and the limit.</summary>
    public const string TooManyValues = TwinErrorCodes.TooManyValues;

    /// <summary>400: a number or time is outside its allowed range; the problem names the field and the range.</summary>
    public const string ValueOutOfRange = TwinErrorCodes.ValueOutOfRange;

    /// <summary>400: a command was sent without a request id (Idempotency-Key header or requestId field), or with two different ones.</summary>
    public const string MissingRequestId = "missing-request-id";

    /// <summary>400: the X-Correlation-Id header breaks the id rules.</summary>
    public const string InvalidCorrelationId = "invalid-correlation-id";

    /// <summary>404: the path is not an API route (a typo, or an old client).</summary>
    public const string UnknownRoute = "unknown-route";

    /// <summary>404: a dashboard page names a silo address that is not one.</summary>
    public const string SiloNotFound = "silo-not-found";

    /// <summary>503: the cluster did not answer in time; the command may be retried with the same request id.</summary>
    public const string ClusterUnavailable = "cluster-unavailable";

    /// <summary>500: an unexpected failure; the body carries the correlation id to quote.</summary>
    public const string ServerError = "server-error";
}
