namespace Twin.Erp.Mapping;

/// <summary>A value the mapping tables cannot translate: the transaction is rejected with this message, never posted half-mapped.</summary>
public sealed class ErpMappingException(string message) : Exception(message);
