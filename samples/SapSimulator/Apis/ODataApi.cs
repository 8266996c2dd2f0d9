using Microsoft.Extensions.Options;
using SapSimulator.Booking;
using SapSimulator.Faults;
using SapSimulator.OData;
using SapSimulator.Orders;
using SapSimulator.Security;

namespace SapSimulator.Apis;

/// <summary>
/// <c>/sap/opu/odata/sap/{service}/...</c>: the service root (CSRF fetch), <c>$batch</c>, and entity sets. Every request
/// needs Basic or bearer auth; every POST needs the session cookie and its unexpired CSRF token.
/// </summary>
public static class ODataApi
{
    private const string ProductionOrderService = "API_PRODUCTION_ORDER_2_SRV";

    private static readonly HashSet<string> Services = [ConfirmationService.Name, MaterialDocumentService.Name, ProductionOrderService];

    public static void MapODataApi(this IEndpointRouteBuilder app) =>
        app.Map("/sap/opu/odata/sap/{service}/{**rest}", HandleAsync);

    private static async Task HandleAsync(
        HttpContext context, string service, string? rest, SimulatorAuth auth, CsrfSessions sessions, ChangesetProcessor processor,
        SimulatorFaults faults, ProductionOrderBook orders, IOptions<SapSimulatorOptions> options, TimeProvider timeProvider)
    {
        var request = context.Request;
        var response = context.Response;
        if (!auth.IsAuthorized(request))
        {
            response.Headers.WWWAuthenticate = "Basic realm=\"SAP NetWeaver Application Server [SIM/100]\"";
            await WriteAsync(response, ODataAnswer.Error(401, "ZTWINSIM/401", "Logon failed"));
            return;
        }

        if (!Services.Contains(service))
        {
            await WriteAsync(response, ODataAnswer.Error(404, SimulatorMessages.UnknownEntitySet, $"No service found for namespace '', name '{service}'"));
            return;
        }

        if (options.Value.Latency > TimeSpan.Zero)
        {
            await Task.Delay(options.Value.Latency, timeProvider, context.RequestAborted);
        }

        var path = (rest ?? string.Empty).Trim('/');
        if (HttpMethods.IsGet(request.Method) && path.Length == 0)
        {
            if (string.Equals(request.Headers["X-CSRF-Token"], "Fetch", StringComparison.OrdinalIgnoreCase))
            {
                var (session, token) = sessions.Fetch(request.Cookies[CsrfSessions.CookieName]);
                response.Cookies.Append(CsrfSessions.CookieName, session, new CookieOptions { HttpOnly = true, Path = "/" });
                response.Headers["X-CSRF-Token"] = token;
            }

            var sets = service switch
            {
                ConfirmationService.Name => new[] { ConfirmationService.EntitySet },
                ProductionOrderService => [ProductionOrderEntitySet],
                _ => [MaterialDocumentService.EntitySet],
            };
            await WriteAsync(response, ODataAnswer.Entity(200, new { EntitySets = sets }));
            return;
        }

        // Production orders are read here (released, changed and closed through /admin, as a planner would in SAP).
        if (service == ProductionOrderService)
        {
            await WriteAsync(response, !HttpMethods.IsGet(request.Method)
                ? ODataAnswer.Error(405, SimulatorMessages.BadRequest, $"{request.Method} is not supported on {service} here (read only)")
                : path == ProductionOrderEntitySet
                    ? orders.Query(request.Query)
                    : ODataAnswer.Error(404, SimulatorMessages.UnknownEntitySet, $"Resource not found for segment '{path}'"));
            return;
        }

        if (HttpMethods.IsPost(request.Method) && !sessions.Valid(request.Cookies[CsrfSessions.CookieName], request.Headers["X-CSRF-Token"]))
        {
            response.Headers["X-CSRF-Token"] = "Required";
            await WriteAsync(response, ODataAnswer.Error(403, "ZTWINSIM/403", "CSRF token validation failed"));
            return;
        }

        if (HttpMethods.IsPost(request.Method) && path == "$batch")
        {
            var (status, contentType, body) = await BatchEndpoint.HandleAsync(request, service, processor, context.RequestAborted);
            if (faults.TakeDrop())
            {
                context.Abort(); // Booked, but the answer never arrives.
                return;
            }

            response.StatusCode = status;
            response.ContentType = contentType;
            await response.WriteAsync(body, context.RequestAborted);
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsPost(request.Method))
        {
            await WriteAsync(response, ODataAnswer.Error(405, SimulatorMessages.BadRequest, $"{request.Method} is not supported here (create and read only)"));
            return;
        }

        var operation = new ODataOperation(request.Method.ToUpperInvariant(), path + request.QueryString.Value, await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted));
        var answer = await processor.RunAsync(service, operation, context.RequestAborted);
        if (HttpMethods.IsPost(request.Method) && faults.TakeDrop())
        {
            context.Abort();
            return;
        }

        await WriteAsync(response, answer);
    }

    private const string ProductionOrderEntitySet = "A_ProductionOrder_2";

    private static async Task WriteAsync(HttpResponse response, ODataAnswer answer)
    {
        response.StatusCode = answer.Status;
        response.ContentType = "application/json";
        if (answer.SapMessage is { } message)
        {
            response.Headers["sap-message"] = message;
        }

        await response.WriteAsync(answer.Body);
    }
}
