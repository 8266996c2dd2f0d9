namespace Twin.Erp.Sap;

/// <summary>Settings of the SAP S/4HANA connector (<c>Erp:Connector:Kind=sap-s4</c>; section "Erp:Connector").</summary>
public sealed class SapConnectorOptions
{
    public const string SectionName = "Erp:Connector";

    /// <summary>Root of the SAP system, e.g. "https://s4.example.com" (services are under /sap/opu/odata/sap/). Required.</summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>On-premise client number sent as <c>sap-client</c> (3 digits); empty for cloud systems.</summary>
    public string? SapClient { get; set; }

    public SapAuthOptions Auth { get; set; } = new();

    /// <summary>Service root of production confirmations, relative to <see cref="BaseUrl"/>.</summary>
    public string ConfirmationServicePath { get; set; } = "/sap/opu/odata/sap/API_PROD_ORDER_CONFIRMATION_2_SRV/";

    /// <summary>Service root of material documents, relative to <see cref="BaseUrl"/>.</summary>
    public string MaterialDocumentServicePath { get; set; } = "/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV/";

    /// <summary>
    /// Entity set of the confirmation service that lists a confirmation's goods movements SAP parked in its error pool
    /// (COGI), read after every booked confirmation and filtered by ConfirmationGroup and ConfirmationCount. Empty: not
    /// read. The default is the SapSimulator's name; no public metadata of such a set was found (see the README).
    /// </summary>
    public string FailedGoodsMovementSet { get; set; } = "ProdnOrdConfFailedGdsMvt";

    /// <summary>Service root of production orders read by inbound polling (<c>Erp:Inbound</c>), relative to <see cref="BaseUrl"/>.</summary>
    public string ProductionOrderServicePath { get; set; } = "/sap/opu/odata/sap/API_PRODUCTION_ORDER_2_SRV/";

    /// <summary>Business documents (changesets) in one <c>$batch</c>; larger batches are split.</summary>
    public int MaxDocumentsPerBatch { get; set; } = 20;

    /// <summary>Limit for one request; past it the documents sent are reported unknown and looked up before the next post.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where a quality hold puts stock: <c>Blocked</c> (movements 344/343) or <c>Quality</c> (322/321).</summary>
    public SapHoldStock HoldStock { get; set; } = SapHoldStock.Blocked;

    /// <summary>
    /// SAP message ids (<c>class/number</c>) that mean "try again later" (locks, "being processed"), besides any
    /// message whose text says the object is locked or being processed.
    /// </summary>
    public List<string> TransientMessageIds { get; set; } = [];

    /// <summary>Backoff asked of the queue after a lock collision.</summary>
    public TimeSpan LockRetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Every document posted within this time after the connector started is looked up in SAP before it is posted: a
    /// post whose answer was lost when the silo before this one crashed is found, not booked twice. Costs one GET
    /// round trip per batch within the window. 0 turns it off (then only keys this silo saw end unknown are looked up).
    /// </summary>
    public TimeSpan LookUpAfterStart { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Keys whose outcome was unknown, remembered (per silo) so they are looked up before being posted again.</summary>
    public int MaxRememberedUnknownKeys { get; set; } = 100_000;
}

/// <summary>Credential of the SAP communication user.</summary>
public sealed class SapAuthOptions
{
    public SapAuthMode Mode { get; set; } = SapAuthMode.Basic;

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>OAuth2 token endpoint (client credentials grant).</summary>
    public string? TokenUrl { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Optional scope sent with the token request.</summary>
    public string? Scope { get; set; }
}

public enum SapAuthMode
{
    /// <summary>HTTP Basic with <see cref="SapAuthOptions.User"/> and <see cref="SapAuthOptions.Password"/>.</summary>
    Basic,

    /// <summary>OAuth2 client credentials from <see cref="SapAuthOptions.TokenUrl"/>.</summary>
    OAuth2,
}

public enum SapHoldStock
{
    /// <summary>Hold = 344 (unrestricted → blocked), release = 343.</summary>
    Blocked,

    /// <summary>Hold = 322 (unrestricted → quality inspection), release = 321.</summary>
    Quality,
}
