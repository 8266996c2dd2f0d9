namespace Twin.Contracts.Security;

/// <summary>A TLS setting is wrong; the message is one line naming the setting and the fix.</summary>
public sealed class ClusterCertificateException(string message) : Exception(message);
