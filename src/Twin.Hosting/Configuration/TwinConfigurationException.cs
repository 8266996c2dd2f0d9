namespace Twin.Hosting.Configuration;

/// <summary>
/// A problem an operator fixes in configuration. The message is one line that names the setting
/// and what to do; the Silo prints it without a stack trace and exits non-zero.
/// </summary>
public sealed class TwinConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
