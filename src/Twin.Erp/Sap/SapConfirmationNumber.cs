namespace Twin.Erp.Sap;

/// <summary>A confirmation's key as the connector reports it ("ConfirmationGroup/ConfirmationCount").</summary>
internal readonly record struct SapConfirmationNumber(string Group, string Count)
{
    /// <summary>Null when the number does not name both parts (SAP's 201 carried no key); only digits pass into a query.</summary>
    public static SapConfirmationNumber? Parse(string? number) =>
        number?.Split('/') is [{ Length: > 0 } group, { Length: > 0 } count] && group.All(char.IsAsciiDigit) && count.All(char.IsAsciiDigit)
            ? new SapConfirmationNumber(group, count)
            : null;
}
