using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Twin.Api.Errors;
using Twin.Contracts;

namespace Twin.Api.Requests;

/// <summary>
/// Builds the <see cref="CommandContext"/> every command carries: the request id (header <c>Idempotency-Key</c>
/// or body <c>requestId</c>; required, because a command without one cannot be retried safely), the
/// correlation id of the request, the user (header <c>X-User</c>, else the API key's name), and the request's
/// fingerprint (<see cref="RequestFingerprint"/>) that tells a retry from a reused request id.
/// </summary>
public static class CommandContexts
{
    /// <summary>Header carrying the request id.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Header naming the person at the screen or scanner, recorded in history and on holds.</summary>
    public const string UserHeader = "X-User";

    /// <summary>The context for a command sent in <paramref name="http"/> with the given body.</summary>
    public static CommandContext From(HttpContext http, ICommandBody? body, string? bodyUser = null)
    {
        var header = http.Request.Headers[IdempotencyKeyHeader].ToString().Trim();
        var fromBody = body?.RequestId?.Trim();
        if (header.Length > 0 && !string.IsNullOrEmpty(fromBody) && !string.Equals(header, fromBody, StringComparison.Ordinal))
        {
            throw Problem($"The {IdempotencyKeyHeader} header ('{header}') and the body's requestId ('{fromBody}') differ; send one of them, or the same value in both.");
        }

        var requestId = header.Length > 0 ? header : fromBody;
        if (string.IsNullOrEmpty(requestId))
        {
            throw Problem($"Commands need a request id so a retry is never applied twice: send an {IdempotencyKeyHeader} header (e.g. a new GUID per command) or a requestId field, and reuse it when retrying.");
        }

        if (TwinIds.RequestIdProblem(requestId, "request id") is { } problem)
        {
            throw new ApiProblemException(ApiProblems.Create(StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidId, "Invalid request id", problem));
        }

        var user = FirstNonEmpty(bodyUser, http.Request.Headers[UserHeader].ToString(), http.User.FindFirstValue(ClaimTypes.Name));
        http.Response.Headers[IdempotencyKeyHeader] = requestId;
        return new CommandContext(requestId, CorrelationId.Of(http), user, Fingerprint: RequestFingerprint.Of(http, body));
    }

    private static string? FirstNonEmpty(params string?[] values) =>
        values.Select(v => v?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static ApiProblemException Problem(string detail) =>
        new(ApiProblems.Create(StatusCodes.Status400BadRequest, ApiErrorCodes.MissingRequestId, "Request id required", detail));
}
