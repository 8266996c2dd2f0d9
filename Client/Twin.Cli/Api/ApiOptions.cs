using System.CommandLine;

namespace Twin.Cli.Api;

/// <summary>
/// The options every command that talks to a silo's REST API shares: where the silo is, which plant, how to print.
/// The API key is read from <c>TWIN_API_KEY</c> only, never from the command line, so it stays out of shell
/// history and process listings.
/// </summary>
internal sealed class ApiOptions(CliEnvironment environment)
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public Option<string> Url { get; } = new("--url")
    {
        Description = $"The silo's HTTP address (default: the TWIN_URL environment variable, else {DefaultUrl}).",
    };

    public Option<string> Plant { get; } = new("--plant", "-p")
    {
        Description = "Plant id (default: the TWIN_PLANT environment variable).",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the silo's JSON instead of a table, for scripts." };

    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for each answer.",
        DefaultValueFactory = _ => 30,
        Validators = { IntRange.Check(1, 3600, "--timeout must be 1..3600 seconds.") },
    };

    public CliEnvironment Environment => environment;

    /// <summary>Adds the options; <paramref name="plant"/> false for commands that are not about one plant.</summary>
    public void AddTo(Command command, bool plant = true)
    {
        command.Options.Add(Url);
        if (plant)
        {
            command.Options.Add(Plant);
        }

        command.Options.Add(Json);
        command.Options.Add(Timeout);
    }
}
