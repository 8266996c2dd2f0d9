namespace Twin.Benchmarks.Scenarios.Ingest;

/// <summary>The storage profiles the ingest scenario measures; <c>--profiles</c> picks some for a quick look at one path.</summary>
[Flags]
public enum IngestProfiles
{
    None = 0,
    Embedded = 1,
    Durable = 2,
    DurabilityOff = 4,
    All = Embedded | Durable | DurabilityOff,
}

/// <summary>Reads <c>--profiles embedded durable off</c> (also comma-separated).</summary>
public static class IngestProfileNames
{
    public static IngestProfiles Parse(IEnumerable<string> names)
    {
        var profiles = IngestProfiles.None;
        foreach (var name in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            profiles |= name.ToLowerInvariant() switch
            {
                "embedded" => IngestProfiles.Embedded,
                "durable" => IngestProfiles.Durable,
                "off" => IngestProfiles.DurabilityOff,
                _ => throw new ArgumentException($"--profiles takes embedded, durable and off, not '{name}'."),
            };
        }
        return profiles;
    }
}
