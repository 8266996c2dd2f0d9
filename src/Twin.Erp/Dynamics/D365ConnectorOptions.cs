namespace Twin.Erp.Dynamics;

/// <summary>Settings of the Dynamics 365 Supply Chain Management connector (<c>Erp:Connector:Kind=d365-scm</c>; section "Erp:Connector").</summary>
public sealed class D365ConnectorOptions
{
    public const string SectionName = "Erp:Connector";

    /// <summary>Root of the D365 environment, e.g. "https://contoso.operations.dynamics.com". Required.</summary>
    public string BaseUrl { get; set; } = string.Empty;

    public D365AuthOptions Auth { get; set; } = new();

    /// <summary>The MES integration endpoint, relative to <see cref="BaseUrl"/>.</summary>
    public string SendMessagePath { get; set; } = "/api/services/SysMessageServices/SysMessageService/SendMessage";

    /// <summary>
    /// Where the status of a message is read by our key, relative to <see cref="BaseUrl"/>. D365 documents no such
    /// service: it is a small custom service over the message processor's messages that the plant's D365 team deploys.
    /// </summary>
    public string MessageStatusPath { get; set; } = "/api/services/TwinMesServices/TwinMessageStatusService/GetMessageStatus";

    /// <summary>OData root of the data entities production orders are read from (<c>Erp:Inbound</c>), relative to <see cref="BaseUrl"/>.</summary>
    public string DataPath { get; set; } = "/data";

    /// <summary>Message queue of the MES integration.</summary>
    public string MessageQueue { get; set; } = "JmgMES3P";

    /// <summary>Field of the message content that carries our idempotency key (D365 documents none).</summary>
    public string IdempotencyField { get; set; } = "TwinMessageKey";

    /// <summary>Send <c>ProdProductionOrderStart</c> before the first message of an order this connector has not started yet.</summary>
    public bool StartOrders { get; set; } = true;

    /// <summary>Send <c>ProdProductionOrderEnd</c> after the final report as finished of an order (the order was completed in Twin).</summary>
    public bool EndOrders { get; set; } = true;

    /// <summary>D365 inventory status of stock reported as finished, unless <c>Mapping:StockTypes:Unrestricted</c> names one.</summary>
    public string AvailableInventoryStatus { get; set; } = "Available";

    /// <summary>D365 error cause sent with scrap on a route card (None, Material, Machine, OperatingStaff).</summary>
    public string ScrapErrorCause { get; set; } = "Material";

    /// <summary>Production orders posted to at once (messages of one order always go one after the other).</summary>
    public int MaxParallelOrders { get; set; } = 4;

    /// <summary>Limit for one request; past it the message sent is unknown and looked up before it is sent again.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the status of a sent message is read while D365's batch job has not processed it.</summary>
    public TimeSpan StatusPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a batch waits for D365 to process its messages; past it they wait (transient) and are looked up next time.</summary>
    public TimeSpan StatusPollTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait asked of the queue after a 429 without Retry-After.</summary>
    public TimeSpan ThrottledRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Every message sent within this time after the connector started is looked up first: a message whose answer was
    /// lost when the silo before this one stopped is found, not sent twice. 0 turns it off.
    /// </summary>
    public TimeSpan LookUpAfterStart { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Keys remembered per silo (unknown outcome, sent and not yet processed, processed, orders started).</summary>
    public int MaxRememberedKeys { get; set; } = 100_000;
}

/// <summary>Microsoft Entra ID app registration (client credentials).</summary>
public sealed class D365AuthOptions
{
    /// <summary>Token endpoint, e.g. https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token. Required.</summary>
    public string TokenUrl { get; set; } = string.Empty;

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Scope asked for; empty means "{BaseUrl}/.default".</summary>
    public string? Scope { get; set; }
}
