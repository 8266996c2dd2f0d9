namespace Twin.Domain.Ingest;

/// <summary>A plant configuration file is missing or wrong; the message names the file, the place and the fix.</summary>
public sealed class PlantConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
