using System.Globalization;

namespace Twin.Interop.Tests.Peers;

/// <summary>
/// tests/interop/odata-peer.js: SAP's open-source OData V2 mock server (@sap-ux/fe-mockserver-core) serving our own
/// metadata of API_PROD_ORDER_CONFIRMATION_2_SRV and API_MATERIAL_DOCUMENT_SRV behind Basic auth, on a free port.
/// </summary>
internal sealed class ODataMockPeer : IAsyncDisposable
{
    public const string User = "TWIN_COMM";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly PeerProcess _process;

    private ODataMockPeer(PeerProcess process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>Made up per run; the peer checks it on every request.</summary>
    public static string Password { get; } = Guid.NewGuid().ToString("N");

    public Uri BaseAddress { get; }

    public static async Task<ODataMockPeer> StartAsync()
    {
        var process = PeerProcess.Start("fe-mockserver odata-peer", "odata-peer.js", [$"{User}:{Password}"]);
        try
        {
            var ready = await process.WaitForLineAsync(line => line.StartsWith("READY ", StringComparison.Ordinal), StartTimeout, "READY <port>");
            return new ODataMockPeer(process, int.Parse(ready["READY ".Length..], CultureInfo.InvariantCulture));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
