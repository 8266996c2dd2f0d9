using System.Text.Json;
using Twin.Cli.Api;

namespace Twin.Cli.Erp;

/// <summary>The counters of GET …/erp that replay progress is measured with.</summary>
internal sealed record ErpFigures(long Posted, long DeadLettered, int Pending, int InFlight)
{
    public static async Task<ErpFigures> ReadAsync(ApiContext api, CancellationToken cancellationToken)
    {
        var body = (await api.Client.GetAsync(api.PlantPath("erp"), cancellationToken)).Body;
        return new ErpFigures(Long(body, "posted"), Long(body, "deadLettered"), (int)Long(body, "pendingCount"), (int)Long(body, "inFlightCount"));
    }

    private static long Long(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;
}
