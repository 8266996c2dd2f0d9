using System.Text.Json;
using System.Text.Json.Serialization;
using Twin.Erp.Transactions;

namespace Twin.Erp.Http;

/// <summary>
/// The JSON the generic connector speaks. Request: <c>{"transactions":[ErpTransaction...]}</c> (camelCase,
/// kinds as names). Response 200: <c>{"results":[{"idempotencyKey","status","documentNumber","reason"}]}</c>
/// with status booked | alreadyBooked | rejected | retry, one per transaction.
/// </summary>
internal static class ErpWireFormat
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

internal sealed record ErpBatchRequest(IReadOnlyList<ErpTransaction> Transactions);

internal sealed record ErpBatchResponse(IReadOnlyList<ErpBatchResultLine>? Results);

internal sealed record ErpBatchResultLine(string? IdempotencyKey, string? Status, string? DocumentNumber, string? Reason);

internal sealed record ErpStockRequest(string Plant, IReadOnlyList<string> Locations);

internal sealed record ErpStockResponse(IReadOnlyList<ErpStockResponseLine>? Stock);

internal sealed record ErpStockResponseLine(string? Location, string? Item, string? Lot, decimal Quantity, string? Unit);
