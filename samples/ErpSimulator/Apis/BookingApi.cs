using System.Text.Json;
using ErpSimulator.Audit;
using ErpSimulator.Booking;
using ErpSimulator.Faults;
using Microsoft.Extensions.Options;

namespace ErpSimulator.Apis;

/// <summary>POST /api/erp/transactions/batch: where transactions are booked (or faults strike).</summary>
public static partial class BookingApi
{
    public const string BatchPath = "/api/erp/transactions/batch";

    public static void MapBookingApi(this IEndpointRouteBuilder app) => app.MapPost(BatchPath, PostBatchAsync);

    private static async Task<IResult> PostBatchAsync(
        HttpContext context,
        BookingLedger ledger,
        FaultInjector faults,
        SimulatorStats stats,
        IOptions<ErpSimulatorOptions> options,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger("ErpSimulator.Booking");
        var settings = options.Value;
        stats.Request();

        if (!string.IsNullOrEmpty(settings.ApiKey)
            && context.Request.Headers[settings.ApiKeyHeader].ToString() != settings.ApiKey)
        {
            stats.Unauthorized();
            return Results.Problem(statusCode: 401, title: "Not authorised", detail: $"Send the ERP API key in the {settings.ApiKeyHeader} header.");
        }

        var fault = faults.Decide();
        if (fault.Latency > TimeSpan.Zero)
        {
            await Task.Delay(fault.Latency, context.RequestAborted);
        }

        switch (fault.Kind)
        {
            case FaultKind.OutageDropConnection:
                stats.OutageRefusal();
                LogFault(log, "outage: dropping the connection");
                context.Abort();
                return Results.Empty;
            case FaultKind.Outage:
                stats.OutageRefusal();
                LogFault(log, "outage: answering 503");
                return WithRetryAfter(context, fault, Results.Problem(statusCode: 503, title: "ERP is down for maintenance"));
            case FaultKind.ServerError:
                stats.ServerError();
                LogFault(log, $"injected server error {fault.Status}");
                return Results.Problem(statusCode: fault.Status, title: "Injected ERP server error");
            case FaultKind.Throttle:
                stats.Throttled();
                LogFault(log, $"throttling: 429, retry after {fault.RetryAfterSeconds} s");
                return WithRetryAfter(context, fault, Results.Problem(statusCode: 429, title: "Too many requests"));
        }

        BatchSubmission? submission;
        try
        {
            submission = await JsonSerializer.DeserializeAsync<BatchSubmission>(context.Request.Body, json.Value.SerializerOptions, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            stats.Malformed();
            return Results.Problem(statusCode: 400, title: "Malformed batch", detail: $"The body is not a valid batch ({ex.Message}); send {{\"transactions\":[...]}}.");
        }

        if (submission?.Transactions is not { Count: > 0 } transactions)
        {
            stats.Malformed();
            return Results.Problem(statusCode: 400, title: "Empty batch", detail: "Send {\"transactions\":[...]} with at least one transaction.");
        }

        if (transactions.Count > settings.MaxBatchSize)
        {
            stats.Malformed();
            return Results.Problem(statusCode: 413, title: "Batch too large", detail: $"This ERP takes at most {settings.MaxBatchSize} transactions per batch; got {transactions.Count}.");
        }

        var lines = new List<BookingLine>(transactions.Count);
        foreach (var transaction in transactions)
        {
            var line = ledger.Book(transaction, out var document);
            stats.Line(line.Status);
            lines.Add(line);
            if (document is not null && settings.LogEachDocument)
            {
                LogBooked(log, PlantWords.Describe(document), document.DocumentNumber, document.CorrelationId);
            }
            else if (line.Status == "rejected")
            {
                LogRejected(log, PlantWords.KindName(TransactionKinds.Normalize(transaction.Kind) ?? transaction.Kind ?? "transaction"), transaction.Item, transaction.WorkOrder, line.Reason);
            }
        }

        if (fault.Kind == FaultKind.LoseAnswer)
        {
            // Booked, but the client never hears it: it must post again and be told "already booked".
            stats.LostAnswer();
            LogFault(log, $"booked {lines.Count(l => l.Status == "booked")} documents, then lost the answer (500)");
            return Results.Problem(statusCode: 500, title: "Injected failure after booking");
        }

        return Results.Ok(new BatchAnswer(lines));
    }

    private static IResult WithRetryAfter(HttpContext context, FaultDecision fault, IResult result)
    {
        context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Booked {Document} as document {DocumentNumber} (correlation {CorrelationId})")]
    private static partial void LogBooked(ILogger logger, string document, string documentNumber, string? correlationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Kind} of {Item} for work order {WorkOrder}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string kind, string? item, string? workOrder, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault injected: {Fault}")]
    private static partial void LogFault(ILogger logger, string fault);
}
