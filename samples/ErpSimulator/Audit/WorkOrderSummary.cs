using ErpSimulator.Booking;

namespace ErpSimulator.Audit;

/// <summary>Booked quantities per work order, kind, item and unit (GET /audit/summary).</summary>
public sealed record WorkOrderSummaryLine(string? WorkOrder, string Kind, string Item, string Unit, decimal Quantity, int Documents);

public static class WorkOrderSummary
{
    public static IReadOnlyList<WorkOrderSummaryLine> Of(IEnumerable<BookedDocument> documents) =>
        documents
            .GroupBy(d => (d.WorkOrder, d.Kind, d.Item, d.Unit))
            .Select(g => new WorkOrderSummaryLine(g.Key.WorkOrder, g.Key.Kind, g.Key.Item, g.Key.Unit, g.Sum(d => d.Quantity), g.Count()))
            .OrderBy(l => l.WorkOrder, StringComparer.Ordinal)
            .ThenBy(l => l.Kind, StringComparer.Ordinal)
            .ThenBy(l => l.Item, StringComparer.Ordinal)
            .ToList();
}
