using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Twin.Api.Errors;

/// <summary>
/// Routing's empty 404 (no route) and 405 (route without that method) answered in the API's problem format, through
/// ASP.NET Core's status code pages: they act only on a response still without a body, and every Twin endpoint and
/// authentication answer writes its own problem, so what is left empty here is routing's. (A catch-all fallback route
/// would do this too, but it outranks endpoints whose optional JSON body is sent without a Content-Type.)
/// </summary>
internal static class UnknownRouteProblem
{
    public static Task WriteAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        if (context.Response.StatusCode is not (StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed))
        {
            return Task.CompletedTask;
        }

        return ApiProblems.WriteAsync(context, ApiProblems.Create(context.Response.StatusCode, ApiErrorCodes.UnknownRoute,
            "Unknown route", $"{context.Request.Method} {context.Request.Path} is not part of the Twin API; the routes are listed in /openapi/v1.json."));
    }
}
