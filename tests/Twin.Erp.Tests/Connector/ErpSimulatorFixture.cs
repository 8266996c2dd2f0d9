using System.Net.Http.Json;
using ErpSimulator;
using ErpSimulator.Audit;
using ErpSimulator.Booking;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Twin.Erp.Tests.Connector;

/// <summary>
/// The ERP simulator hosted in-process on a free loopback port, reached over real HTTP.
/// Master data: items FG-100 and RM-200, work orders 4711 and 4712.
/// </summary>
public sealed class ErpSimulatorFixture : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan AdminTimeout = TimeSpan.FromSeconds(10);

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public static async Task<ErpSimulatorFixture> StartAsync(params string[] extraArgs)
    {
        var fixture = new ErpSimulatorFixture();
        await fixture.StartWithAsync(extraArgs);
        return fixture;
    }

    public Task InitializeAsync() => StartWithAsync([]);

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public async Task SetFaultsAsync(object command)
    {
        using var response = await Admin.PostAsJsonAsync("/admin/faults", command);
        Assert.True(response.IsSuccessStatusCode, $"simulator refused fault command: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task ResetFaultsAsync()
    {
        using var response = await Admin.PostAsync("/admin/faults/reset", null);
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<BookedDocument>> DocumentsAsync(string idempotencyKey)
    {
        var list = await Admin.GetFromJsonAsync<DocumentList>($"/audit/documents?idempotencyKey={idempotencyKey}");
        return list!.Documents;
    }

    public async Task<StatsSnapshot> StatsAsync() => (await Admin.GetFromJsonAsync<StatsSnapshot>("/audit/stats"))!;

    private async Task StartWithAsync(string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--ErpSimulator:Items:0=FG-100", "--ErpSimulator:Items:1=RM-200",
            "--ErpSimulator:WorkOrders:0=4711", "--ErpSimulator:WorkOrders:1=4712",
            "--ErpSimulator:LogEachDocument=false",
            .. extraArgs,
        ];
        _app = ErpSimulatorApp.Build(args, builder => builder.Logging.ClearProviders());
        using var startTimeout = new CancellationTokenSource(AdminTimeout);
        await _app.StartAsync(startTimeout.Token);
        BaseAddress = new Uri(_app.Urls.Single());
        Admin = new HttpClient { BaseAddress = BaseAddress, Timeout = AdminTimeout };
    }

    private sealed record DocumentList(int Count, List<BookedDocument> Documents);
}
