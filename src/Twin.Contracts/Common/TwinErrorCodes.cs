namespace Twin.Contracts;

/// <summary>
/// Stable error codes of rejected commands. Plant apps and the REST layer switch on these strings,
/// so they never change once published; add new ones instead.
/// </summary>
public static class TwinErrorCodes
{
    // 400 — bad input
    public const string InvalidId = "invalid-id";
    public const string InvalidQuantity = "invalid-quantity";
    public const string InvalidCommand = "invalid-command";
    public const string UserRequired = "user-required";
    public const string InvalidRouting = "invalid-routing";
    public const string UnknownOperation = "unknown-operation";

    /// <summary>A text is longer than its limit (<see cref="CommandLimits"/>); the error names the field and the limit.</summary>
    public const string ValueTooLong = "value-too-long";

    /// <summary>A list holds more elements than its limit; the error names the field and the limit.</summary>
    public const string TooManyValues = "too-many-values";

    /// <summary>A number or time is outside its allowed range; the error names the field and the range.</summary>
    public const string ValueOutOfRange = "value-out-of-range";

    // 404 — unknown twin
    public const string MachineNotFound = "machine-not-found";
    public const string WorkOrderNotFound = "work-order-not-found";
    public const string LotNotFound = "lot-not-found";
    public const string LocationNotFound = "location-not-found";

    // 409 — business rule
    public const string AlreadyExists = "already-exists";
    public const string InvalidTransition = "invalid-transition";
    public const string OrderNotReleased = "order-not-released";
    public const string OrderCompleted = "order-completed";
    public const string OrderClosed = "order-closed";
    public const string OrderCancelled = "order-cancelled";
    public const string OverDelivery = "over-delivery";
    public const string InsufficientStock = "insufficient-stock";
    public const string StockOnHold = "stock-on-hold";
    public const string ItemMismatch = "item-mismatch";
    public const string UnitMismatch = "unit-mismatch";
    public const string PlantMismatch = "plant-mismatch";
    public const string LotConsumed = "lot-consumed";
    public const string LotStatusMismatch = "lot-status-mismatch";
    public const string NotOnHold = "not-on-hold";
    public const string SameLocation = "same-location";

    // 422 — a request id reused for a different request
    public const string IdempotencyKeyReused = "idempotency-key-reused";

    private static readonly HashSet<string> BadInput =
        [InvalidId, InvalidQuantity, InvalidCommand, UserRequired, InvalidRouting, UnknownOperation, ValueTooLong, TooManyValues, ValueOutOfRange];

    private static readonly HashSet<string> Missing =
        [MachineNotFound, WorkOrderNotFound, LotNotFound, LocationNotFound];

    /// <summary>Every code above, for documentation and for tests that pin the mapping.</summary>
    public static IReadOnlyCollection<string> All { get; } = typeof(TwinErrorCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    /// <summary>Unknown codes count as conflicts: the safe answer for a rule nobody mapped yet.</summary>
    public static TwinErrorKind KindOf(string code) =>
        BadInput.Contains(code) ? TwinErrorKind.InvalidInput
        : Missing.Contains(code) ? TwinErrorKind.NotFound
        : code == IdempotencyKeyReused ? TwinErrorKind.RequestReused
        : TwinErrorKind.Conflict;
}
