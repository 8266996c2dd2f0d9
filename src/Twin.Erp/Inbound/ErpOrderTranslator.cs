using Twin.Erp.Mapping;

namespace Twin.Erp.Inbound;

/// <summary>
/// Turns an ERP production order into Twin's vocabulary through the mapping tables read backwards. A value the tables
/// cannot translate throws <see cref="ErpMappingException"/> naming the table: that order is skipped with the reason
/// (the poller counts and reports it), never imported half-translated.
/// </summary>
public sealed class ErpOrderTranslator(ErpMapping mapping)
{
    public TwinOrderImport Translate(string twinPlant, ErpProductionOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var workOrder = mapping.TwinWorkOrder(order.Order);
        var routing = order.Operations
            .Select(o => new TwinOrderOperation(mapping.TwinOperation(workOrder, o.Operation), o.WorkCentre, o.StandardTimePerUnit))
            .ToList();
        var components = order.Components
            .Select(c => new TwinOrderComponent(
                c.Material,
                c.Quantity,
                mapping.TwinUnit(c.Unit),
                string.IsNullOrEmpty(c.StorageLocation) ? null : mapping.TwinLocation(c.StorageLocation),
                string.IsNullOrEmpty(c.Operation) ? null : mapping.TwinOperation(workOrder, c.Operation)))
            .ToList();
        return new TwinOrderImport
        {
            WorkOrderId = workOrder,
            Plant = twinPlant,
            ErpOrder = order.Order,
            Item = order.Material,
            PlannedQuantity = order.Quantity,
            Unit = mapping.TwinUnit(order.Unit),
            State = order.State,
            ChangedAt = order.ChangedAt,
            Routing = routing,
            Components = components,
        };
    }
}
