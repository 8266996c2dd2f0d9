namespace Twin.Erp.Inbound;

/// <summary>The ERP could not be read (unreachable, refused, an answer that cannot be read); the message is clean of secrets.</summary>
public sealed class ErpOrderSourceException(string message, Exception? inner = null) : Exception(message, inner);
