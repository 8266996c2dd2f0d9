using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using SapSimulator;
using SapSimulator.Apis;

namespace Twin.Erp.Tests.Sap;

/// <summary>
/// The SAP-shaped simulator hosted in-process on a free loopback port, reached over real HTTP. Master data: plant 1010,
/// orders 1000123 and 1000124, materials FG-100 and RM-200, storage locations 0001 and FG01.
/// </summary>
public sealed class SapSimulatorFixture : IAsyncDisposable
{
    public const string User = "TWIN_COMM";
    public const string Password = "sim-secret-1";
    public const string ClientId = "twin-client";
    public const string ClientSecret = "sim-client-secret";

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public static async Task<SapSimulatorFixture> StartAsync(params string[] extraArgs)
    {
        var fixture = new SapSimulatorFixture();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--SapSimulator:User", User, "--SapSimulator:Password", Password,
            "--SapSimulator:ClientId", ClientId, "--SapSimulator:ClientSecret", ClientSecret,
            "--SapSimulator:Plants:0=1010",
            "--SapSimulator:Orders:0=1000123", "--SapSimulator:Orders:1=1000124",
            "--SapSimulator:Materials:0=FG-100", "--SapSimulator:Materials:1=RM-200",
            "--SapSimulator:StorageLocations:0=0001", "--SapSimulator:StorageLocations:1=FG01",
            .. extraArgs,
        ];
        fixture._app = SapSimulatorApp.Build(args, builder => builder.Logging.ClearProviders());
        using var startTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await fixture._app.StartAsync(startTimeout.Token);
        fixture.BaseAddress = new Uri(fixture._app.Urls.Single());
        fixture.Admin = new HttpClient { BaseAddress = fixture.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        fixture.Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        return fixture;
    }

    public async Task FaultsAsync(FaultCommand command)
    {
        using var response = await Admin.PostAsJsonAsync("/admin/faults", command);
        response.EnsureSuccessStatusCode();
    }

    public async Task HoldLockAsync(string key, int milliseconds)
    {
        using var response = await Admin.PostAsJsonAsync("/admin/locks", new LockCommand(key, milliseconds));
        response.EnsureSuccessStatusCode();
    }

    public async Task ReleaseLockAsync(string key)
    {
        using var response = await Admin.PostAsJsonAsync("/admin/locks/release", new LockCommand(key));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Releases (creates or replaces) a production order in the simulator, as a planner would in SAP.</summary>
    public async Task ReleaseOrderAsync(Twin.Samples.Orders.SimulatedOrder order)
    {
        using var response = await Admin.PostAsJsonAsync("/admin/production-orders", order);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>change (body: <see cref="Twin.Samples.Orders.OrderChange"/>), complete, close or delete.</summary>
    public async Task OrderActionAsync(string order, string action, object? body = null)
    {
        using var response = await Admin.PostAsJsonAsync($"/admin/production-orders/{order}/{action}", body ?? new { });
        response.EnsureSuccessStatusCode();
    }

    public async Task<SimulatorStats> StatsAsync() => (await Admin.GetFromJsonAsync<SimulatorStats>("/admin/stats"))!;

    /// <summary>How many confirmations SAP holds under our key (it does not deduplicate: more than one is a double booking).</summary>
    public async Task<int> ConfirmationsAsync(string idempotencyKey) =>
        (await Admin.GetFromJsonAsync<List<Dictionary<string, object?>>>(
            $"/admin/confirmations?externalSystemConfirmation={Twin.Erp.Sap.SapIdempotency.ConfirmationGuid(idempotencyKey)}"))!.Count;

    public async Task<int> MaterialDocumentsAsync(string idempotencyKey) =>
        (await Admin.GetFromJsonAsync<List<Dictionary<string, object?>>>(
            $"/admin/material-documents?referenceDocument={Twin.Erp.Sap.SapIdempotency.ReferenceDocument(idempotencyKey)}"))!.Count;

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
