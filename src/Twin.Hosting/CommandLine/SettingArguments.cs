namespace Twin.Hosting.CommandLine;

/// <summary>
/// Any setting on the command line, the way .NET configuration names it: `--Section:Key=value` or
/// `--Section:Key value` (e.g. `--Erp:Connector:BaseUrl=http://erp:8080`, `--Ingest:PlantFiles:0=plant.json`).
/// A colon in the option name is what tells a setting from a command option, so these never collide
/// with `--silo-port` and friends; everything else is left for the command parser, which still refuses
/// unknown options in one line.
/// </summary>
public sealed record SettingArguments(IReadOnlyDictionary<string, string?> Settings, string[] Remaining)
{
    /// <summary>Splits <paramref name="args"/> into settings and the arguments for the command parser.</summary>
    /// <exception cref="ArgumentException">A setting is malformed (empty segment or missing value); the message is one line for the operator.</exception>
    public static SettingArguments Split(IReadOnlyList<string> args)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var remaining = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                // Conventional end of options: the rest is not ours to interpret.
                remaining.AddRange(args.Skip(i));
                break;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length <= 2)
            {
                remaining.Add(arg);
                continue;
            }

            var body = arg[2..];
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? body : body[..equals];
            if (!name.Contains(':', StringComparison.Ordinal))
            {
                remaining.Add(arg);
                continue;
            }

            if (name.Split(':').Any(string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException(
                    $"Setting '--{name}' has an empty section or key; write it as --Section:Key=value, e.g. --Erp:Connector:BaseUrl=http://erp:8080.");
            }

            string value;
            if (equals >= 0)
            {
                value = body[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new ArgumentException($"Setting '--{name}' needs a value: --{name}=value or --{name} value.");
            }

            // The last occurrence wins, as with repeated environment or JSON sources.
            settings[name] = value;
        }

        return new SettingArguments(settings, [.. remaining]);
    }
}
