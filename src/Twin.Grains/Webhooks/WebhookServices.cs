using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Twin.Grains.Webhooks.Queue;

namespace Twin.Grains.Webhooks;

/// <summary>Registers webhook settings (section Twin:Webhooks, checked at start), the silo's sender and, unless the host chose another, the in-memory queue store.</summary>
public static class WebhookServices
{
    public static IServiceCollection AddTwinWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<IWebhookQueueStore, InMemoryWebhookQueueStore>();
        return services;
    }
}
