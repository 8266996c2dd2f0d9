namespace Twin.Erp.Sap;

/// <summary>
/// One Twin document as SAP will receive it: where it goes, its JSON, how to find it again by our key, and the SAP
/// locks it will take (order; plant and material), so posts that would collide are serialized.
/// </summary>
/// <param name="Index">Position in the batch the connector was given.</param>
/// <param name="Key">Twin's idempotency key.</param>
/// <param name="Service">The OData service it is posted to.</param>
/// <param name="EntitySet">Entity set of the POST.</param>
/// <param name="Json">The entity, deep insert included.</param>
/// <param name="LookupQuery">GET (relative to the service root) that finds it by our key.</param>
/// <param name="LockKeys">SAP locks the post takes.</param>
/// <param name="Transaction">The Twin document it was mapped from (goods movements SAP did not post are reported in its terms).</param>
internal sealed record SapDocument(
    int Index,
    string Key,
    SapService Service,
    string EntitySet,
    string Json,
    string LookupQuery,
    IReadOnlyList<string> LockKeys,
    Transactions.ErpTransaction Transaction);
