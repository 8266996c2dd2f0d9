namespace Twin.Erp.Dynamics;

/// <summary>The MES integration message types the connector sends (<c>_messageType</c>).</summary>
internal static class D365MessageType
{
    public const string Start = "ProdProductionOrderStart";
    public const string ReportFinished = "ProdProductionOrderReportFinished";
    public const string PickingList = "ProdProductionOrderPickingList";
    public const string RouteCard = "ProdProductionOrderRouteCard";
    public const string End = "ProdProductionOrderEnd";
}
