using System.Text.Json.Serialization;

namespace Twin.Contracts;

/// <summary>What happened. Business transactions (<see cref="IsErpTransaction"/>) also go to the ERP outbox.</summary>
[GenerateSerializer, Immutable]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ProductionReported), "production-reported")]
[JsonDerivedType(typeof(ScrapReported), "scrap-reported")]
[JsonDerivedType(typeof(MaterialConsumed), "material-consumed")]
[JsonDerivedType(typeof(GoodsReceived), "goods-received")]
[JsonDerivedType(typeof(GoodsStagedForPutAway), "goods-staged-for-put-away")]
[JsonDerivedType(typeof(StockIssued), "stock-issued")]
[JsonDerivedType(typeof(StockMoved), "stock-moved")]
[JsonDerivedType(typeof(QualityHoldPlaced), "quality-hold-placed")]
[JsonDerivedType(typeof(QualityHoldReleased), "quality-hold-released")]
[JsonDerivedType(typeof(QualityHoldInstruction), "quality-hold-instruction")]
[JsonDerivedType(typeof(QualityReleaseInstruction), "quality-release-instruction")]
[JsonDerivedType(typeof(LotSplit), "lot-split")]
[JsonDerivedType(typeof(LotsMerged), "lots-merged")]
[JsonDerivedType(typeof(MachineStatusChanged), "machine-status-changed")]
[JsonDerivedType(typeof(MaintenanceRequested), "maintenance-requested")]
[JsonDerivedType(typeof(MaintenanceRequestClosed), "maintenance-request-closed")]
[JsonDerivedType(typeof(WorkOrderStatusChanged), "work-order-status-changed")]
[JsonDerivedType(typeof(TwinChanged), "twin-changed")]
public abstract record EventPayload
{
    /// <summary>True for transactions the ERP must book (production, consumption, scrap, receipts, moves, holds).</summary>
    public virtual bool IsErpTransaction => false;

    /// <summary>
    /// True for events that book nothing but close the ERP's open posting windows early (order completed, machine Down
    /// or in Setup): they go to the ERP outbox stream too.
    /// </summary>
    [JsonIgnore]
    public virtual bool IsErpPostingTrigger => false;
}
