using System.CommandLine;
using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Security;
using Twin.OpcUa.Services;

namespace Twin.Cli.OpcUa;

/// <summary>
/// <c>twin opcua endpoints &lt;url&gt;</c>: what a server offers (GetEndpoints over an unsecured discovery channel, no
/// session): security policy and mode, security level, user logins, the server certificate, and which endpoint a
/// plant file without securityPolicy would use.
/// </summary>
internal static class EndpointsCommand
{
    public static Command Create()
    {
        var endpoint = new Argument<string>("endpoint") { Description = "Endpoint URL, e.g. opc.tcp://plc1:4840." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the answer.", DefaultValueFactory = _ => 10 };
        var command = new Command("endpoints", "Show a server's endpoints: security policies and modes, logins and certificate.") { endpoint, timeout };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var url = parse.GetValue(endpoint)!;
            IReadOnlyList<EndpointDescription> endpoints;
            try
            {
                endpoints = await OpcUaClient.GetEndpointsAsync(url, TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(timeout), 1, 600)), cancellationToken);
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync(ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
                return TwinCommandLine.UsageError;
            }
            catch (Exception ex) when (ex is ServiceResultException or OpcUaProtocolException or IOException or TimeoutException)
            {
                await error.WriteLineAsync($"Cannot read the endpoints of {url}: {ex.Message}");
                return TwinCommandLine.Failed;
            }

            var best = EndpointSelection.Ranked(endpoints).FirstOrDefault();
            foreach (var e in endpoints)
            {
                var policy = SecurityPolicy.Find(e.SecurityPolicyUri);
                var name = policy?.Name ?? $"{e.SecurityPolicyUri} (not supported by Twin)";
                var logins = string.Join(", ", e.UserIdentityTokens.Select(Login).Distinct());
                var mark = ReferenceEquals(e, best) ? "  <- best (used when the plant file names no securityPolicy)" : "";
                await output.WriteLineAsync($"{name} {e.SecurityMode}  level {e.SecurityLevel}  {e.EndpointUrl}  logins: {(logins.Length == 0 ? "none" : logins)}{mark}");
            }

            var certificate = endpoints.Select(e => e.ServerCertificate).FirstOrDefault(c => c is { Length: > 0 });
            if (certificate is not null)
            {
                using var server = ApplicationCertificate.ReadChain(certificate)[0];
                await output.WriteLineAsync($"server certificate: {server.Subject}, thumbprint {server.Thumbprint}, valid {server.NotBefore.ToUniversalTime():u} to {server.NotAfter.ToUniversalTime():u}, application URI {ApplicationCertificate.ApplicationUriOf(server) ?? "(none)"}");
            }

            if (best is null)
            {
                await output.WriteLineAsync("No secured endpoint: a plant file must say \"securityPolicy\": \"None\" (or \"allowSecurityNone\": true) to connect.");
            }

            return 0;
        });
        return command;
    }

    private static string Login(UserTokenPolicy policy)
    {
        var protection = policy.TokenType == UserTokenType.UserName
            ? SecurityPolicy.Find(policy.SecurityPolicyUri) is { IsNone: false } p ? $" (password encrypted, {p.Name})" : string.IsNullOrEmpty(policy.SecurityPolicyUri) ? " (as the channel)" : " (password in clear)"
            : "";
        return $"{policy.TokenType}{protection}";
    }
}
