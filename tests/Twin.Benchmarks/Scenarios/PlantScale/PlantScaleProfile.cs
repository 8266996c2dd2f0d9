namespace Twin.Benchmarks.Scenarios.PlantScale;

/// <summary>The storage profile plant-scale runs on (<c>--profile embedded|postgres</c>).</summary>
public enum PlantScaleProfile
{
    /// <summary>PostgreSQL as a user runs it (fsync on): the default, the profile issue 9 judges.</summary>
    Postgres,

    /// <summary>No database: in-memory storage and streams, as a single-box plant starts.</summary>
    Embedded,
}

/// <summary>Reads <c>--profile</c>.</summary>
public static class PlantScaleProfileNames
{
    public static PlantScaleProfile Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "postgres" or "durable" => PlantScaleProfile.Postgres,
        "embedded" => PlantScaleProfile.Embedded,
        _ => throw new ArgumentException($"--profile takes embedded or postgres, not '{name}'."),
    };
}
