using Microsoft.Extensions.Configuration;

namespace Twin.Hosting.Configuration;

/// <summary>How the silo keeps state and finds its peers.</summary>
public enum TwinProfile
{
    /// <summary>Localhost clustering, memory storage and streams: nothing to install, nothing durable.</summary>
    Embedded,

    /// <summary>PostgreSQL membership, storage, reminders and streams: durable, multi-silo.</summary>
    Postgres,
}

/// <summary>Picks the profile from configuration.</summary>
public static class TwinProfileSelector
{
    public const string ConnectionStringName = "Twin";
    public const string ConnectionStringKey = "ConnectionStrings:Twin";
    public const string ProfileKey = "Twin:Profile";

    /// <summary>
    /// An explicit Twin:Profile wins; otherwise a configured connection string means PostgreSQL.
    /// Throws <see cref="TwinConfigurationException"/> for a profile name we do not know or a
    /// postgres profile without a connection string.
    /// </summary>
    public static TwinProfile Select(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        var profile = configuration[ProfileKey]?.Trim();
        if (string.IsNullOrEmpty(profile))
        {
            return string.IsNullOrWhiteSpace(connectionString) ? TwinProfile.Embedded : TwinProfile.Postgres;
        }

        if (string.Equals(profile, "embedded", StringComparison.OrdinalIgnoreCase))
        {
            return TwinProfile.Embedded;
        }

        if (string.Equals(profile, "postgres", StringComparison.OrdinalIgnoreCase)
            || string.Equals(profile, "postgresql", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new TwinConfigurationException(
                    $"{ProfileKey} is 'postgres' but {ConnectionStringKey} is not set: set the connection string (e.g. --connection-string \"Host=...;Database=twin;Username=...\") or use profile 'embedded'.");
            }

            return TwinProfile.Postgres;
        }

        throw new TwinConfigurationException(
            $"{ProfileKey} '{profile}' is not a profile: use 'embedded', 'postgres', or leave it empty to choose by whether {ConnectionStringKey} is set.");
    }
}
