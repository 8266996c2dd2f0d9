using Microsoft.AspNetCore.Http;
using Twin.Api.Errors;
using Twin.Api.Requests;
using Twin.Contracts;

namespace Twin.Api.Endpoints;

/// <summary>
/// Turns a twin's <see cref="CommandResult"/> into the HTTP answer. A retry gets the same status as the
/// first attempt (201 stays 201, a 409 stays 409) plus <c>Idempotent-Replayed: true</c>, so a client that
/// lost the first answer can act on the second one exactly as it would have on the first.
/// </summary>
internal static class CommandResponses
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IResult From(HttpContext http, CommandResult result, string? createdAt = null)
    {
        if (result.Duplicate)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }

        if (!result.Succeeded)
        {
            var error = result.Error ?? new TwinError(ApiErrorCodes.ServerError, "The twin rejected the command without giving a reason.");
            return Results.Problem(TwinErrorMapping.ToProblem(error));
        }

        var accepted = new CommandAccepted(result.RequestId, result.Version, result.Duplicate, CorrelationId.Of(http));
        return createdAt is null ? TypedResults.Ok(accepted) : TypedResults.Created(createdAt, accepted);
    }
}
