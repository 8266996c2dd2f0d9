using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using D365Simulator;
using D365Simulator.Apis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Twin.Erp.Tests.Dynamics;

/// <summary>
/// The D365-shaped simulator hosted in-process on a free loopback port, reached over real HTTP. Company USMF, production
/// orders P000123 and P000124; messages are processed 20 ms after they arrive.
/// </summary>
public sealed class D365SimulatorFixture : IAsyncDisposable
{
    public const string ClientId = "twin-mes-app";
    public const string ClientSecret = "sim-d365-secret-7";

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public static async Task<D365SimulatorFixture> StartAsync(params string[] extraArgs)
    {
        var fixture = new D365SimulatorFixture();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--D365Simulator:ClientId", ClientId, "--D365Simulator:ClientSecret", ClientSecret,
            "--D365Simulator:ProcessingDelay", "00:00:00.020",
            "--D365Simulator:Companies:0=USMF",
            "--D365Simulator:Orders:0=P000123", "--D365Simulator:Orders:1=P000124",
            .. extraArgs,
        ];
        fixture._app = D365SimulatorApp.Build(args, builder => builder.Logging.ClearProviders());
        using var startTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await fixture._app.StartAsync(startTimeout.Token);
        fixture.BaseAddress = new Uri(fixture._app.Urls.Single());
        fixture.Admin = new HttpClient { BaseAddress = fixture.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        fixture.Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));
        return fixture;
    }

    public Uri TokenUrl => new(BaseAddress, "/contoso-tenant/oauth2/v2.0/token");

    public async Task FaultsAsync(FaultCommand command)
    {
        using var response = await Admin.PostAsJsonAsync("/admin/faults", command);
        response.EnsureSuccessStatusCode();
    }

    public async Task<SimulatorStats> StatsAsync() => (await Admin.GetFromJsonAsync<SimulatorStats>("/admin/stats"))!;

    /// <summary>Every message D365 holds under our key (it does not deduplicate: more than one is a double booking).</summary>
    public async Task<List<MessageRow>> MessagesAsync(string key) =>
        (await Admin.GetFromJsonAsync<List<MessageRow>>($"/admin/messages?key={Uri.EscapeDataString(key)}"))!;

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
