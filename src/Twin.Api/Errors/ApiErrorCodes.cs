namespace Twin.Api.Errors;

/// <summary>
/// Stable error codes the API puts in the <c>code</c> member of every problem details body.
/// Plant apps branch on these, so they never change once published; new ones may be added.
/// Business-rule codes from the twins themselves pass through unchanged (see <see cref="ErrorMapping"/>).
/// </summary>
public static class ApiErrorCodes
{
    /// <summary>401: no API key was sent.</summary>
    public const string MissingApiKey = "auth.missing-key";

    /// <summary>401: the API key matches no configured key.</summary>
    public const string InvalidApiKey = "auth.invalid-key";

    /// <summary>403: the key is valid but its role is too low for the request.</summary>
    public const string Forbidden = "auth.forbidden";

    /// <summary>400: a twin or plant id in the route or body breaks the id rules.</summary>
    public const string InvalidId = "request.invalid-id";

    /// <summary>400: the body is not valid JSON, has the wrong shape, or a field is out of range.</summary>
    public const string InvalidPayload = "request.invalid-payload";

    /// <summary>400: a command was sent without a request id (Idempotency-Key header or requestId field).</summary>
    public const string MissingRequestId = "request.missing-request-id";

    /// <summary>404: no twin with that id exists in that plant.</summary>
    public const string TwinNotFound = "twin.not-found";

    /// <summary>409: the command breaks a business rule (generic; twins usually send a more precise code).</summary>
    public const string BusinessRuleViolation = "twin.rule-violation";

    /// <summary>503: the cluster did not answer in time; the command may be retried with the same request id.</summary>
    public const string ClusterUnavailable = "cluster.unavailable";
}
