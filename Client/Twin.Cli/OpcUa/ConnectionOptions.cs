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
        Description = "Password for --user (default: the TWIN_OPCUA_PASSWORD environment variable). Encrypted with the server certificate; sent in clear only with --allow-password-in-clear.",
    };

    public Option<string> Security { get; } = new("--security")
    {
        Description = "Security policy: None, Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss, or Best (the strongest the server offers; 'twin opcua endpoints' lists them).",
        DefaultValueFactory = _ => "None",
    };

    public Option<string> Mode { get; } = new("--mode")
    {
        Description = "Security mode with a policy other than None: Sign or SignAndEncrypt.",
        DefaultValueFactory = _ => "SignAndEncrypt",
    };

    public Option<string> Pki { get; } = new("--pki")
    {
        Description = "PKI folder (own/trusted/rejected); a rejected server certificate is moved to trusted to trust it.",
        DefaultValueFactory = _ => Path.Combine(Environment.CurrentDirectory, "pki"),
    };

    public Option<bool> AutoAccept { get; } = new("--auto-accept") { Description = "Trust an unknown server certificate (development only)." };

    public Option<bool> AllowPasswordInClear { get; } = new("--allow-password-in-clear")
    {
        Description = "Send the password unencrypted when the endpoint asks for that (SecurityPolicy None server without certificate).",
    };

    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for the connection and for each answer.",
        DefaultValueFactory = _ => 10,
        Validators = { IntRange.Check(1, 600, "--timeout must be 1..600 seconds.") },
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Endpoint);
        command.Options.Add(User);
        command.Options.Add(Password);
        command.Options.Add(Timeout);
        command.Options.Add(Security);
        command.Options.Add(Mode);
        command.Options.Add(Pki);
        command.Options.Add(AutoAccept);
        command.Options.Add(AllowPasswordInClear);
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
            SecurityPolicy = parse.GetValue(Security)!,
            SecurityMode = Enum.TryParse<Twin.OpcUa.Services.MessageSecurityMode>(parse.GetValue(Mode), ignoreCase: true, out var mode)
                ? mode : throw new ArgumentException($"--mode '{parse.GetValue(Mode)}' is unknown; use Sign or SignAndEncrypt."),
            PkiFolder = parse.GetValue(Pki),
            AutoAcceptUntrustedCertificates = parse.GetValue(AutoAccept),
            AllowPasswordInClear = parse.GetValue(AllowPasswordInClear),
            ApplicationName = "twin CLI",
            SessionName = "twin opcua",
            ConnectTimeout = timeout,
            RequestTimeout = timeout,
            // A person is watching: give up on a dead server after a few seconds, not minutes.
            ReconnectMaxDelay = TimeSpan.FromSeconds(5),
        };
    }
}
