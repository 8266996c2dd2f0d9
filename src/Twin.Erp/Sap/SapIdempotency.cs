namespace Twin.Erp.Sap;

/// <summary>
/// Where Twin's 64-hex idempotency key travels in SAP, cut to the fields' sizes: <c>ExternalSystemConfirmation</c> is
/// a GUID (the key's first 128 bits), <c>ReferenceDocument</c> holds 16 characters (its first 64 bits, enough to tell
/// one plant's documents apart), and the header text names it for people reading the document in SAP.
/// </summary>
internal static class SapIdempotency
{
    public static string ConfirmationGuid(string key) =>
        $"{key[..8]}-{key[8..12]}-{key[12..16]}-{key[16..20]}-{key[20..32]}";

    public static string ReferenceDocument(string key) => key[..16].ToUpperInvariant();

    /// <summary>25 characters, SAP's header text length.</summary>
    public static string HeaderText(string key) => "TWIN " + key[..20].ToUpperInvariant();
}
