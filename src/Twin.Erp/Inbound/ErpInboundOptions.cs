namespace Twin.Erp.Inbound;

/// <summary>
/// Production orders flowing in from the ERP (configuration section "Erp:Inbound"). Off unless <see cref="Plants"/>
/// names plants; each named plant's orders are read by delta polling through the connector <c>Erp:Connector:Kind</c> picks.
/// </summary>
public sealed class ErpInboundOptions
{
    public const string SectionName = "Erp:Inbound";

    /// <summary>Twin plants whose work orders come from the ERP (their ERP plant through <c>Erp:Connector:Mapping:Plants</c>).</summary>
    public List<string> Plants { get; set; } = [];

    /// <summary>How often each plant asks the ERP for orders changed since its watermark.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Orders per request (SAP and D365 both page well at a few hundred with operations and components expanded).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Pages read in one poll at most; the rest follow on the next poll (a first import of thousands of orders is spread out).</summary>
    public int MaxPagesPerPoll { get; set; } = 20;

    /// <summary>
    /// Each poll starts this far before the watermark: a change the ERP committed late with an earlier change time is
    /// still seen. Orders read again unchanged cost a read, not a twin write (the twin knows the change time it holds).
    /// </summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// While a plant's polls fail, one log line per this interval (the first failure and the recovery are told at once);
    /// see <see cref="ErpPollFailureLog"/>.
    /// </summary>
    public TimeSpan FailureLogInterval { get; set; } = TimeSpan.FromMinutes(5);
}
