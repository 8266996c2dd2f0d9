using Twin.Hosting.Configuration;

namespace Twin.Hosting;

/// <summary>The profile and settings this silo started with, for health checks and the start banner.</summary>
public sealed record TwinPlatformInfo(TwinProfile Profile, TwinHostOptions Options, string? ConnectionString, bool ClusterTls = false);
