using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace Twin.Api.Tests.Infrastructure;

/// <summary>
/// A webhook receiver on its own Kestrel at 127.0.0.1: verifies every message with the StandardWebhooks library
/// against the secrets it was given (a message no secret verifies is answered 401 and not recorded), answers 503
/// while told to be down, and records each verified message once by webhook-id (redeliveries are counted).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Received> _received = new();
    private volatile string[] _secrets = [];
    private int _failNext;
    private int _failStatus = 503;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _hang;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/hook");

    public IReadOnlyList<Received> Messages => [.. _received];

    public int Redeliveries;
    public int Refused;
    public int Unverified;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", (Delegate)receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Accepts messages signed with any of <paramref name="secrets"/>.</summary>
    public void Trust(params string[] secrets) => _secrets = secrets;

    /// <summary>Answers the next <paramref name="count"/> messages with <paramref name="status"/> (an outage or a refusal).</summary>
    public void Fail(int count, int status = 503)
    {
        _failStatus = status;
        Volatile.Write(ref _failNext, count);
    }

    /// <summary>Takes requests and never answers them (a receiver stuck on its database) until disposed.</summary>
    public void Hang() => _hang = true;

    public async Task<IReadOnlyList<Received>> WaitForAsync(int count, TimeSpan patience)
    {
        var until = DateTime.UtcNow + patience;
        while (_received.Count < count && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        Assert.True(_received.Count >= count, $"the receiver got {_received.Count} of {count} messages within {patience} ({Refused} refused, {Unverified} unverified)");
        return Messages;
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        if (_hang)
        {
            Interlocked.Increment(ref Refused);
            await _release.Task;
            return Results.StatusCode(503);
        }

        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            Interlocked.Increment(ref Refused);
            return Results.Text("receiver down for maintenance", statusCode: _failStatus);
        }

        var verifiedWith = _secrets.Where(secret => Verifies(secret, body, http.Request.Headers)).ToList();
        if (verifiedWith.Count == 0)
        {
            Interlocked.Increment(ref Unverified);
            return Results.Unauthorized();
        }

        var id = http.Request.Headers["webhook-id"].ToString();
        if (!_seen.TryAdd(id, 0))
        {
            Interlocked.Increment(ref Redeliveries);
            return Results.NoContent(); // already processed: acknowledge, do nothing
        }

        _received.Enqueue(new Received(id, JsonDocument.Parse(body).RootElement.Clone(), http.Request.Headers["webhook-signature"].ToString(), verifiedWith));
        return Results.NoContent();
    }

    /// <summary>
    /// True when one of the header's signatures verifies with <paramref name="secret"/>. Each <c>v1,…</c> part is
    /// checked on its own: StandardWebhooks 1.1.2's Verify stops before the last of several signatures (docs/webhooks.md).
    /// </summary>
    private static bool Verifies(string secret, string body, IHeaderDictionary headers)
    {
        foreach (var signature in headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var one = new HeaderDictionary
            {
                ["webhook-id"] = headers["webhook-id"],
                ["webhook-timestamp"] = headers["webhook-timestamp"],
                ["webhook-signature"] = signature,
            };
            try
            {
                new StandardWebhook(secret).Verify(body, one);
                return true;
            }
            catch (StandardWebhooks.Diagnostics.WebhookVerificationException)
            {
                // not this signature
            }
        }

        return false;
    }

    public sealed record Received(string Id, JsonElement Body, string Signature, IReadOnlyList<string> VerifiedWith);
}
