using System.CommandLine;
using Twin.OpcUa.Security;

namespace Twin.Cli.OpcUa;

/// <summary>
/// <c>twin opcua certificates list|trust|reject</c>: the operator's side of a PKI folder. A server (or client)
/// certificate Twin refused lands in <c>rejected/certs</c> with its thumbprint in the log line; <c>trust</c> moves
/// it to <c>trusted/certs</c>, <c>reject</c> moves a trusted one back.
/// </summary>
internal static class CertificatesCommand
{
    public static Command Create()
    {
        var command = new Command("certificates", "List, trust and reject OPC UA certificates in a PKI folder (own / trusted / issuers / rejected).");
        command.Aliases.Add("certs");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Move("trust", "Trust a rejected certificate (move it from rejected/ to trusted/).", trust: true));
        command.Subcommands.Add(Move("reject", "Stop trusting a certificate (move it from trusted/ to rejected/).", trust: false));
        return command;
    }

    private static Option<string> PkiOption() => new("--pki")
    {
        Description = "PKI folder (the silo's default: pki under its working directory; the plant file's pkiFolder).",
        DefaultValueFactory = _ => Path.Combine(Environment.CurrentDirectory, "pki"),
    };

    private static Command List()
    {
        var pki = PkiOption();
        var command = new Command("list", "Show every certificate of the PKI folder with subject, thumbprint and expiry.") { pki };
        command.SetAction(async (parse, _) =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (await OpenAsync(parse, pki) is not { } store)
            {
                return TwinCommandLine.Failed;
            }

            foreach (var (title, folder) in new[] { ("own", store.OwnCerts), ("trusted", store.TrustedCerts), ("issuers", store.IssuerCerts), ("rejected", store.RejectedCerts) })
            {
                var certificates = PkiStore.List(folder);
                await output.WriteLineAsync($"{title} ({folder}): {certificates.Count}");
                foreach (var (file, subject, thumbprint, notAfter) in certificates)
                {
                    var expiry = notAfter == DateTime.MinValue ? "" : notAfter < DateTime.UtcNow ? $"  EXPIRED {notAfter:u}" : $"  valid until {notAfter:u}";
                    await output.WriteLineAsync($"  {thumbprint,-40}  {subject}{expiry}  ({Path.GetFileName(file)})");
                }
            }

            var crls = Directory.GetFiles(store.TrustedCrls).Length + Directory.GetFiles(store.IssuerCrls).Length;
            await output.WriteLineAsync($"revocation lists: {crls}");
            return 0;
        });
        return command;
    }

    private static Command Move(string name, string description, bool trust)
    {
        var pki = PkiOption();
        var thumbprint = new Argument<string>("thumbprint") { Description = "SHA-1 thumbprint, as the log line and 'certificates list' show it (colons allowed)." };
        var command = new Command(name, description) { thumbprint, pki };
        command.SetAction(async (parse, _) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (await OpenAsync(parse, pki) is not { } store)
            {
                return TwinCommandLine.Failed;
            }

            var print = parse.GetValue(thumbprint)!.Replace(":", "", StringComparison.Ordinal).Trim();
            if (print.Length != 40 || !print.All(Uri.IsHexDigit))
            {
                await error.WriteLineAsync($"'{parse.GetValue(thumbprint)}' is not a certificate thumbprint (40 hexadecimal digits).");
                return TwinCommandLine.UsageError;
            }

            if (trust ? store.Trust(print) : store.Reject(print))
            {
                await output.WriteLineAsync(trust
                    ? $"Trusted {print}: moved to {store.TrustedCerts}. Connections retrying on their own pick it up at their next attempt."
                    : $"Rejected {print}: moved to {store.RejectedCerts}. Channels already open stay open until they reconnect.");
                return 0;
            }

            await error.WriteLineAsync($"No certificate with thumbprint {print} in {(trust ? store.RejectedCerts : store.TrustedCerts)}; 'twin opcua certificates list --pki \"{store.Root}\"' shows what is there.");
            return TwinCommandLine.Failed;
        });
        return command;
    }

    private static async Task<PkiStore?> OpenAsync(ParseResult parse, Option<string> pki)
    {
        var folder = parse.GetValue(pki)!;
        if (!Directory.Exists(folder))
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"PKI folder '{Path.GetFullPath(folder)}' does not exist; give the folder with --pki (Twin creates it on its first secured connection).");
            return null;
        }

        return new PkiStore(folder);
    }
}
