namespace Twin.Cli.Api;

/// <summary>
/// The environment variables the REST commands read (TWIN_URL, TWIN_API_KEY, TWIN_PLANT), behind a function so
/// tests running the command line in-process can give each run its own without touching the process environment.
/// </summary>
public sealed class CliEnvironment(Func<string, string?> variable)
{
    public const string UrlVariable = "TWIN_URL";
    public const string ApiKeyVariable = "TWIN_API_KEY";
    public const string PlantVariable = "TWIN_PLANT";

    public static CliEnvironment Process { get; } = new(System.Environment.GetEnvironmentVariable);

    /// <summary>The variable's value, or null when it is unset or empty.</summary>
    public string? this[string name] => variable(name) is { Length: > 0 } value ? value : null;
}
