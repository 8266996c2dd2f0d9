namespace Twin.Contracts;

/// <summary>A subscription's figures and its delivery log, newest first.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookDeliveries(
    [property: Id(0)] string Id,
    [property: Id(1)] WebhookFigures Figures,
    [property: Id(2)] IReadOnlyList<WebhookDelivery> Deliveries);
