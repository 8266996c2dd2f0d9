namespace Twin.Contracts;

/// <summary>Stream namespaces of the flow described in docs/architecture.md.</summary>
public static class StreamNamespaces
{
    /// <summary>Twin changes for plant apps and SDK subscribers; stream key = plant id.</summary>
    public const string TwinChanges = "twin-changes";

    /// <summary>Business events bound for the ERP; stream key = plant id.</summary>
    public const string ErpOutbox = "erp-outbox";
}
