namespace Twin.Contracts;

/// <summary>
/// Production orders flowing in from the ERP for one plant (key = plant id): polls the ERP for orders changed since its
/// watermark (kept in durable grain state) and creates or updates their work-order twins.
/// </summary>
public interface IErpOrderPollerGrain : IGrainWithStringKey
{
    /// <summary>Activates the poller (its timer then polls every Erp:Inbound:PollInterval).</summary>
    Task Wake();

    /// <summary>Polls now (after any poll under way) and answers the figures after it.</summary>
    Task<ErpOrderPollFigures> PollNow();

    Task<ErpOrderPollFigures> GetFigures();
}

/// <summary>What the plant's order polling has done since the poller's state was created.</summary>
[GenerateSerializer, Immutable]
public sealed record ErpOrderPollFigures(
    [property: Id(0)] string Plant,
    [property: Id(1)] bool Enabled,
    [property: Id(2)] DateTimeOffset? WatermarkChangedAt,
    [property: Id(3)] string? WatermarkOrder,
    [property: Id(4)] long Polls,
    [property: Id(5)] long Requests,
    [property: Id(6)] long Created,
    [property: Id(7)] long Updated,
    [property: Id(8)] long Unchanged,
    [property: Id(9)] long Ignored,
    [property: Id(10)] long Refused,
    [property: Id(11)] DateTimeOffset? LastPolledAt,
    [property: Id(12)] string? LastFailure,
    [property: Id(13)] IReadOnlyList<string> LastProblems);
