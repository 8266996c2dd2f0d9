using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Twin.Api.Tests.Infrastructure;
using Twin.Grains.Webhooks;

namespace Twin.Api.Tests;

/// <summary>
/// Webhook subscriptions over real HTTP: the silo's deliveries reach an in-test receiver on loopback that verifies
/// every signature with the StandardWebhooks library; outages, refusals, secret rotation, keys and addresses.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookTests(ApiSiloFixture silo)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Every_event_arrives_once_in_effect_in_order_per_twin_through_a_receiver_outage()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = PlantApp.For(silo, TestKeys.Admin);
        var (id, secret) = await RegisterAsync(admin, receiver, ["goods-received"]);
        receiver.Trust(secret);
        receiver.Fail(4); // down: 503 for the first four attempts

        var a = await PlantSetup.LocationAsync(admin, "A");
        var b = await PlantSetup.LocationAsync(admin, "B");
        var expected = new Dictionary<string, List<string>> { [a] = [], [b] = [] };
        for (var i = 0; i < 6; i++)
        {
            var location = i % 2 == 0 ? a : b;
            expected[location].Add(await PlantSetup.LotInStockAsync(admin, location, "steel", 10m + i));
        }

        var messages = await receiver.WaitForAsync(6, Patience);
        Assert.Equal(6, messages.Select(m => m.Id).Distinct().Count());
        Assert.Equal(4, receiver.Refused);
        Assert.Equal(0, receiver.Unverified);
        foreach (var (location, lots) in expected)
        {
            var arrived = messages.Select(m => m.Body.GetProperty("data"))
                .Where(d => d.GetProperty("twinId").GetString() == location)
                .Select(d => d.GetProperty("payload").GetProperty("lotId").GetString()!).ToList();
            Assert.Equal(lots, arrived); // each twin's messages in the order they happened
        }

        var first = messages[0];
        Assert.Equal("goods-received", first.Body.GetProperty("type").GetString());
        Assert.Equal(first.Id, first.Body.GetProperty("data").GetProperty("eventId").GetString());
        Assert.Equal(admin.Plant, first.Body.GetProperty("data").GetProperty("plant").GetString());

        var log = await admin.GetJsonAsync($"webhooks/{id}/deliveries");
        var figures = log.GetProperty("figures");
        Assert.Equal(6, figures.GetProperty("delivered").GetInt64());
        Assert.Equal(0, figures.GetProperty("pending").GetInt32());
        Assert.Equal(0, figures.GetProperty("deadLetters").GetInt32());
        Assert.True(figures.GetProperty("retried").GetInt64() >= 1);
        Assert.Contains("503", figures.GetProperty("lastFailure").GetString());
        Assert.All(log.GetProperty("deliveries").EnumerateArray(), d => Assert.Equal("delivered", d.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_hold_up_another_subscription()
    {
        await using var stuck = await WebhookReceiver.StartAsync();
        await using var healthy = await WebhookReceiver.StartAsync();
        using var admin = PlantApp.For(silo, TestKeys.Admin);
        var (stuckId, stuckSecret) = await RegisterAsync(admin, stuck, ["goods-received"]);
        var (_, healthySecret) = await RegisterAsync(admin, healthy, ["goods-received"]);
        stuck.Trust(stuckSecret);
        healthy.Trust(healthySecret);
        stuck.Hang();

        var location = await PlantSetup.LocationAsync(admin);
        for (var i = 0; i < 5; i++)
        {
            await PlantSetup.LotInStockAsync(admin, location, "steel", 1m + i);
        }

        // The healthy receiver gets everything while the stuck one still holds its first request open.
        Assert.Equal(5, (await healthy.WaitForAsync(5, Patience)).Count);
        Assert.Empty(stuck.Messages);
        var figures = (await admin.GetJsonAsync($"webhooks/{stuckId}/deliveries")).GetProperty("figures");
        Assert.Equal(0, figures.GetProperty("delivered").GetInt64());
        Assert.Equal(5, figures.GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task A_refused_message_is_dead_lettered_with_the_answer_and_replayed_on_request()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = PlantApp.For(silo, TestKeys.Admin);
        var (id, secret) = await RegisterAsync(admin, receiver, ["goods-received"]);
        receiver.Trust(secret);
        receiver.Fail(1, status: 422);
        var location = await PlantSetup.LocationAsync(admin);
        await PlantSetup.LotInStockAsync(admin, location, "steel", 1m);

        JsonElement figures = default;
        for (var until = DateTime.UtcNow + Patience; DateTime.UtcNow < until; await Task.Delay(50))
        {
            figures = (await admin.GetJsonAsync($"webhooks/{id}/deliveries")).GetProperty("figures");
            if (figures.GetProperty("deadLetters").GetInt32() == 1)
            {
                break;
            }
        }

        Assert.Equal(1, figures.GetProperty("deadLetters").GetInt32());
        var letter = (await admin.GetJsonAsync($"webhooks/{id}/deliveries")).GetProperty("deliveries")[0];
        Assert.Equal("dead-letter", letter.GetProperty("state").GetString());
        Assert.Equal(422, letter.GetProperty("lastStatus").GetInt32());
        Assert.Contains("receiver down for maintenance", letter.GetProperty("lastAnswer").GetString());

        var replay = await admin.CommandAsync($"webhooks/{id}/deliveries/replay", null);
        Assert.Equal(1, replay.GetProperty("replayed").GetInt32());
        var messages = await receiver.WaitForAsync(1, Patience);
        Assert.Equal(letter.GetProperty("messageId").GetString(), messages[0].Id);
    }

    [Fact]
    public async Task After_a_rotation_messages_verify_with_the_old_and_the_new_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = PlantApp.For(silo, TestKeys.Admin);
        var (id, oldSecret) = await RegisterAsync(admin, receiver, ["goods-received"]);
        var rotation = await admin.CommandAsync($"webhooks/{id}/rotate-secret", null);
        var newSecret = rotation.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", newSecret);
        Assert.NotEqual(oldSecret, newSecret);
        Assert.True(rotation.GetProperty("previousValidUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        receiver.Trust(oldSecret, newSecret);

        var location = await PlantSetup.LocationAsync(admin);
        await PlantSetup.LotInStockAsync(admin, location, "steel", 1m);
        var message = (await receiver.WaitForAsync(1, Patience))[0];
        Assert.Equal(2, message.Signature.Split(' ').Length); // one signature per valid secret
        Assert.Equal([oldSecret, newSecret], message.VerifiedWith);

        var listed = await admin.GetJsonAsync("webhooks");
        Assert.DoesNotContain("whsec_", listed.GetRawText()); // secrets are shown once, never listed
        Assert.NotEqual(JsonValueKind.Null, listed[0].GetProperty("previousSecretValidUntil").ValueKind);
    }

    [Fact]
    public async Task Only_admins_manage_webhooks_and_bad_receivers_or_filters_are_refused()
    {
        using var op = PlantApp.For(silo, TestKeys.Operator);
        using (var forbidden = await op.PostAsync("webhooks", new { url = "https://example.com/hook" }))
        {
            await Problem.AssertAsync(forbidden, HttpStatusCode.Forbidden, "forbidden");
        }

        using var reader = new PlantApp(silo.CreateClient(TestKeys.Reader), op.Plant);
        using (var forbidden = await reader.Http.GetAsync(reader.Url("webhooks")))
        {
            await Problem.AssertAsync(forbidden, HttpStatusCode.Forbidden, "forbidden");
        }

        using var admin = new PlantApp(silo.CreateClient(TestKeys.Admin), op.Plant);
        foreach (var body in new object[]
        {
            new { url = "ftp://example.com/hook" },
            new { url = "https://user:pw@example.com/hook" },
            new { url = "https://example.com/hook", eventTypes = new[] { "goods-recieved" } },
            new { url = "https://example.com/hook", twinKinds = new[] { "robot" } },
        })
        {
            using var refused = await admin.PostAsync("webhooks", body);
            await Problem.AssertAsync(refused, HttpStatusCode.BadRequest, "receiver-refused");
        }

        using (var unknown = await admin.Http.GetAsync(admin.Url("webhooks/wh_nothere/deliveries")))
        {
            await Problem.AssertAsync(unknown, HttpStatusCode.NotFound, "webhook-not-found");
        }
    }

    [Fact]
    public async Task Private_and_loopback_receivers_are_refused_unless_allowed()
    {
        var strict = new WebhookOptions();
        foreach (var url in new[] { "https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://169.254.169.254/latest", "https://[::1]/hook", "https://[fd00::1]/hook", "https://localhost/hook" })
        {
            Assert.Contains("private", await WebhookAddressPolicy.HostProblemAsync(new Uri(url), strict, CancellationToken.None));
        }

        Assert.Null(await WebhookAddressPolicy.HostProblemAsync(new Uri("https://8.8.8.8/hook"), strict, CancellationToken.None));
        Assert.Contains("https", WebhookAddressPolicy.UrlProblem("http://example.com/hook", strict));
        Assert.Null(await WebhookAddressPolicy.HostProblemAsync(new Uri("https://127.0.0.1/hook"), new WebhookOptions { AllowPrivateAddresses = true }, CancellationToken.None));

        // And at connection time (a public name may later resolve to a private address): the strict sender does not connect.
        await using var receiver = await WebhookReceiver.StartAsync();
        using var sender = new WebhookSender(Options.Create(strict));
        var attempt = await sender.SendAsync(receiver.Url, "msg-1", DateTimeOffset.UtcNow, "{}", ["whsec_" + Convert.ToBase64String(new byte[32])], CancellationToken.None);
        Assert.False(attempt.Delivered);
        Assert.Contains("private", attempt.Answer);
        Assert.Equal(0, receiver.Refused + receiver.Unverified + receiver.Messages.Count);
    }

    private static async Task<(string Id, string Secret)> RegisterAsync(PlantApp admin, WebhookReceiver receiver, string[] eventTypes)
    {
        using var response = await admin.PostAsync("webhooks", new { url = receiver.Url.ToString(), eventTypes });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"register answered {(int)response.StatusCode}: {text}");
        var json = JsonDocument.Parse(text).RootElement;
        var secret = json.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        return (json.GetProperty("subscription").GetProperty("id").GetString()!, secret);
    }
}
