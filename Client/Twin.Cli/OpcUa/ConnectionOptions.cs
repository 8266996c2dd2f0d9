using System.CommandLine;
using Twin.OpcUa.Client;

namespace Twin.Cli.OpcUa;

/// <summary>The endpoint argument and the session options every <c>twin opcua</c> command shares.</summary>
internal sealed class ConnectionOptions
{
    public Argument<string> Endpoint { get; } = new("endpoint") { Description = "Endpoint URL, e.g. opc.tcp://plc1:4840 or opc.tcp://localhost:4840/twin/plant." };

    public Option<string?> User { get; } = new("--user") { Description = "User name for the session (default: anonymous)." };

    public Option<string?> Password { get; } = new("--password")
    {
        Description = "Password for --user (default: the TWIN_OPCUA_PASSWORD environment variable). Sent in clear on SecurityPolicy None.",
    };

    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for the connection and for each answer.",
        DefaultValueFactory = _ => 10,
        Validators = { r => { if (r.GetValueOrDefault<int>() is < 1 or > 600) { r.AddError("--timeout must be 1..600 seconds."); } } },
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Endpoint);
        command.Options.Add(User);
        command.Options.Add(Password);
        command.Options.Add(Timeout);
    }

    /// <summary>Client options from the command line; throws <see cref="ArgumentException"/> for a bad URL.</summary>
    public OpcUaClientOptions ClientOptions(ParseResult parse)
    {
        var timeout = TimeSpan.FromSeconds(parse.GetValue(Timeout));
        var user = parse.GetValue(User);
        var identity = user is null
            ? UserIdentity.Anonymous
            : UserIdentity.FromUserName(user, parse.GetValue(Password) ?? Environment.GetEnvironmentVariable("TWIN_OPCUA_PASSWORD") ?? string.Empty);
        return new OpcUaClientOptions
        {
            EndpointUrl = parse.GetValue(Endpoint)!,
            Identity = identity,
            ApplicationName = "twin CLI",
            SessionName = "twin opcua",
            ConnectTimeout = timeout,
            RequestTimeout = timeout,
            // A person is watching: give up on a dead server after a few seconds, not minutes.
            ReconnectMaxDelay = TimeSpan.FromSeconds(5),
        };
    }
}
