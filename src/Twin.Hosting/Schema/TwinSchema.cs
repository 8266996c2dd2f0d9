using System.Reflection;

namespace Twin.Hosting.Schema;

/// <summary>
/// The database schema this build needs: the embedded Schema/NNNN_name.sql scripts, applied in
/// order. The highest script number is the version a silo requires before it starts.
/// </summary>
public static class TwinSchema
{
    /// <summary>The command an operator runs to create or upgrade the schema.</summary>
    public const string MigrateCommand = "dotnet run --project Silo -- db migrate";

    public static IReadOnlyList<SchemaScript> Scripts { get; } = LoadScripts();

    public static int RequiredVersion => Scripts[^1].Version;

    private static List<SchemaScript> LoadScripts()
    {
        var assembly = typeof(TwinSchema).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            // Resource names look like Twin.Hosting.Schema._0001_orleans_providers.sql.
            var file = resource.Split('.')[^2].TrimStart('_');
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(file[..underscore], out var version))
            {
                throw new InvalidOperationException($"Schema script '{resource}' must be named NNNN_description.sql.");
            }

            scripts.Add(new SchemaScript(version, file[(underscore + 1)..], ReadResource(assembly, resource)));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (scripts.Count == 0 || scripts.Select(s => s.Version).Distinct().Count() != scripts.Count)
        {
            throw new InvalidOperationException("Schema scripts are missing or two share a version number.");
        }

        return scripts;
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded schema script '{name}' could not be opened.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>One versioned schema script.</summary>
public sealed record SchemaScript(int Version, string Name, string Sql);
