using ErpSimulator.Audit;
using ErpSimulator.Booking;

namespace ErpSimulator.Apis;

/// <summary>/audit: what was booked, so tests can prove exactly-once and follow a correlation id.</summary>
public static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/audit");
        audit.MapGet("/documents", (BookingLedger ledger, string? workOrder, string? correlationId, string? idempotencyKey, string? kind) =>
        {
            var documents = ledger.Documents()
                .Where(d => workOrder is null || d.WorkOrder == workOrder)
                .Where(d => correlationId is null || d.CorrelationId == correlationId)
                .Where(d => idempotencyKey is null || d.IdempotencyKey == idempotencyKey)
                .Where(d => kind is null || string.Equals(d.Kind, kind, StringComparison.OrdinalIgnoreCase))
                .ToList();
            return new { count = documents.Count, documents };
        });
        audit.MapGet("/summary", (BookingLedger ledger) => WorkOrderSummary.Of(ledger.Documents()));
        audit.MapGet("/stats", (SimulatorStats stats, BookingLedger ledger) => stats.Snapshot() with { ConflictingRepeats = ledger.ConflictingRepeats });
    }
}
