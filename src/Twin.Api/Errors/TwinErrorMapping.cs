using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Twin.Contracts;

namespace Twin.Api.Errors;

/// <summary>
/// Maps a twin's rejection (<see cref="TwinError"/>, code from <see cref="TwinErrorCodes"/>) to a problem:
/// invalid input 400, unknown twin 404, business rule 409. The twin's code and sentence are passed through
/// unchanged, so a plant app sees the same code over REST and through the SDK.
/// </summary>
public static class TwinErrorMapping
{
    /// <summary>The HTTP status for a twin error kind.</summary>
    public static int StatusOf(TwinErrorKind kind) => kind switch
    {
        TwinErrorKind.InvalidInput => StatusCodes.Status400BadRequest,
        TwinErrorKind.NotFound => StatusCodes.Status404NotFound,
        TwinErrorKind.RequestReused => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status409Conflict,
    };

    /// <summary>The problem for a rejected command; a limit violation also names its <c>field</c> and <c>limit</c>.</summary>
    public static ProblemDetails ToProblem(TwinError error)
    {
        var problem = ApiProblems.Create(StatusOf(error.Kind), error.Code, TitleOf(error.Kind), error.Message);
        if (error.Field is { } field)
            problem.Extensions["field"] = field;
        if (error.Limit is { } limit)
        {
            // A length or count limit is a number in JSON, as plant apps read it; a range stays its text ("0..99999").
            problem.Extensions["limit"] = long.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var max) ? max : limit;
        }

        return problem;
    }

    /// <summary>The 404 problem for a twin that does not exist in the plant asked about.</summary>
    public static ProblemDetails NotFound(TwinKind kind, string plant, string id) => ToProblem(new TwinError(
        NotFoundCode(kind),
        $"No {Describe(kind)} '{id}' exists in plant '{plant}'. Check the id and plant, or list them with GET /api/plants/{plant}/{RouteSegment(kind)}."));

    /// <summary>The not-found code for a twin kind.</summary>
    public static string NotFoundCode(TwinKind kind) => kind switch
    {
        TwinKind.Machine => TwinErrorCodes.MachineNotFound,
        TwinKind.WorkOrder => TwinErrorCodes.WorkOrderNotFound,
        TwinKind.Lot => TwinErrorCodes.LotNotFound,
        _ => TwinErrorCodes.LocationNotFound,
    };

    /// <summary>The twin kind in plant words.</summary>
    public static string Describe(TwinKind kind) => kind switch
    {
        TwinKind.Machine => "machine",
        TwinKind.WorkOrder => "work order",
        TwinKind.Lot => "lot",
        _ => "warehouse location",
    };

    /// <summary>The URL segment of a twin kind under /api/plants/{plant}.</summary>
    public static string RouteSegment(TwinKind kind) => kind switch
    {
        TwinKind.Machine => "machines",
        TwinKind.WorkOrder => "work-orders",
        TwinKind.Lot => "lots",
        _ => "locations",
    };

    internal static ProblemDetails? TryMap(Exception exception) =>
        exception is ApiProblemException api ? api.Problem : null;

    private static string TitleOf(TwinErrorKind kind) => kind switch
    {
        TwinErrorKind.InvalidInput => "Invalid request",
        TwinErrorKind.NotFound => "Twin not found",
        TwinErrorKind.RequestReused => "Request id reused",
        _ => "Business rule violated",
    };
}
