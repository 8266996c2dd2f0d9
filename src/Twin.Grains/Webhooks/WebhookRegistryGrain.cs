using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Twin.Grains.Webhooks;

/// <summary>
/// The webhook subscriptions of one plant (key = plant id): checks a new receiver and its filters, hands out the
/// subscription id and secret, and lists and removes subscriptions. Delivery is each subscription grain's own.
/// </summary>
public sealed class WebhookRegistryGrain(
    [PersistentState("webhooks", TwinProviders.DurableStorage)] IPersistentState<WebhookRegistryState> state,
    IServiceProvider services) : Grain, IWebhookRegistryGrain
{
    private readonly WebhookOptions _options = services.GetService<IOptions<WebhookOptions>>()?.Value ?? new WebhookOptions();

    private string Plant => this.GetPrimaryKeyString();

    public async Task<WebhookRegistration> Register(WebhookSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if ((WebhookAddressPolicy.UrlProblem(spec.Url, _options) ?? WebhookFilter.Problem(spec)) is { } problem)
        {
            return new WebhookRegistration(null, null, problem);
        }

        using var lookup = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        if (await WebhookAddressPolicy.HostProblemAsync(new Uri(spec.Url), _options, lookup.Token) is { } refused)
        {
            return new WebhookRegistration(null, null, refused);
        }

        if (state.State.Ids.Count >= _options.MaxSubscriptionsPerPlant)
        {
            return new WebhookRegistration(null, null,
                $"plant '{Plant}' already has {state.State.Ids.Count} webhook subscriptions (Twin:Webhooks:MaxSubscriptionsPerPlant); remove one first.");
        }

        var id = "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = WebhookSecret.New();
        var view = await Subscription(id).Start(Plant, id, spec, secret);
        state.State.Ids.Add(id);
        await state.WriteStateAsync();
        return new WebhookRegistration(view, secret, null);
    }

    public async Task<IReadOnlyList<WebhookView>> List()
    {
        var views = await Task.WhenAll(state.State.Ids.Select(id => Subscription(id).Describe()));
        return [.. views.OfType<WebhookView>()];
    }

    public Task<bool> Has(string id) => Task.FromResult(state.State.Ids.Contains(id));

    public async Task<bool> Remove(string id)
    {
        if (!state.State.Ids.Contains(id))
        {
            return false;
        }

        await Subscription(id).Stop();
        state.State.Ids.Remove(id);
        await state.WriteStateAsync();
        return true;
    }

    private IWebhookSubscriptionGrain Subscription(string id) => GrainFactory.GetGrain<IWebhookSubscriptionGrain>(WebhookKeys.Of(Plant, id));
}
