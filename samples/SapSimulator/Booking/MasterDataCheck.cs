using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SapSimulator.OData;

namespace SapSimulator.Booking;

/// <summary>Checks orders, materials, plants, storage locations, quantities and the posting period against the simulator's settings.</summary>
public sealed class MasterDataCheck(IOptions<SapSimulatorOptions> options, Orders.ProductionOrderBook orders)
{
    private readonly SapSimulatorOptions _options = options.Value;

    /// <summary>An order of the production order book takes postings until it is closed or deleted; else it must be listed.</summary>
    public ODataAnswer? Order(string? order)
    {
        if (order is not null && orders.Book.Knows(order))
        {
            return orders.Book.WhyNotPostable(order) is { } why ? ODataAnswer.Error(400, SimulatorMessages.OrderClosed, why) : null;
        }

        return Known(_options.Orders, order, SimulatorMessages.UnknownOrder, $"Order {order} does not exist");
    }

    public ODataAnswer? Material(string? material, string? plant) =>
        Known(_options.Materials, material, SimulatorMessages.UnknownMaterial, $"Material {material} is not maintained in plant {plant}");

    public ODataAnswer? Plant(string? plant) => Known(_options.Plants, plant, SimulatorMessages.UnknownPlant, $"Plant {plant} does not exist");

    public ODataAnswer? StorageLocation(string? location, string? plant) =>
        Known(_options.StorageLocations, location, SimulatorMessages.UnknownStorageLocation, $"Storage location {location} does not exist in plant {plant}");

    /// <summary>The posting date, or an error when it is missing, unreadable or in a closed period.</summary>
    public (DateOnly Date, ODataAnswer? Error) PostingDate(string? value)
    {
        if (value is null || !value.StartsWith("/Date(", StringComparison.Ordinal) || !long.TryParse(value[6..].TrimEnd(')', '/').Split('+', '-')[0], out var ms))
        {
            return (default, ODataAnswer.Error(400, SimulatorMessages.BadRequest, $"PostingDate '{value}' is not an Edm.DateTime"));
        }

        var date = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime);
        return _options.OpenPeriodFrom is { } open && date < open
            ? (date, ODataAnswer.Error(400, SimulatorMessages.PeriodClosed, $"Posting period {date:yyyy/MM} is closed; open period starts {open:yyyy-MM-dd}"))
            : (date, null);
    }

    public static (decimal Value, ODataAnswer? Error) Quantity(string? text, string field, bool allowZero)
    {
        if (!decimal.TryParse(text ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < 0 || (!allowZero && value == 0))
        {
            return (0, ODataAnswer.Error(400, SimulatorMessages.BadQuantity, $"{field} '{text}' is not a valid quantity"));
        }

        return (value, null);
    }

    public static string? Text(JsonElement entity, string name) =>
        entity.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private ODataAnswer? Known(List<string> list, string? value, string messageId, string text) =>
        _options.AcceptAll || (value is not null && list.Contains(value, StringComparer.Ordinal)) ? null : ODataAnswer.Error(400, messageId, text);
}
