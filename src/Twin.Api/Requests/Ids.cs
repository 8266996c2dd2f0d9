using Microsoft.AspNetCore.Http;
using Twin.Api.Errors;
using Twin.Contracts;

namespace Twin.Api.Requests;

/// <summary>Checks ids with the contracts' rule (<see cref="TwinIds"/>) and stops the request with a 400 naming the field.</summary>
public static class Ids
{
    /// <summary>Returns <paramref name="id"/> when valid; otherwise throws a 400 invalid-id problem.</summary>
    public static string Require(string? id, string field)
    {
        if (TwinIds.Problem(id, field) is { } problem)
        {
            throw new ApiProblemException(ApiProblems.Create(StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidId, "Invalid id", problem));
        }

        return id!;
    }

    /// <summary>Like <see cref="Require"/> but null passes (optional references such as a machine on a report).</summary>
    public static string? Optional(string? id, string field) => id is null ? null : Require(id, field);
}
