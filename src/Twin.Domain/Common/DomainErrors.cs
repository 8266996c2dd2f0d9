namespace Twin.Domain;

/// <summary>
/// Error codes raised by the rules. The same strings are published in Twin.Contracts.TwinErrorCodes
/// (this project must not reference Orleans); a grain test pins that every code here is listed there.
/// </summary>
public static class DomainErrors
{
    public const string InvalidId = "invalid-id";
    public const string InvalidQuantity = "invalid-quantity";
    public const string InvalidCommand = "invalid-command";
    public const string UserRequired = "user-required";
    public const string InvalidRouting = "invalid-routing";
    public const string UnknownOperation = "unknown-operation";
    public const string MachineNotFound = "machine-not-found";
    public const string WorkOrderNotFound = "work-order-not-found";
    public const string LotNotFound = "lot-not-found";
    public const string LocationNotFound = "location-not-found";
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
    public const string IdempotencyKeyReused = "idempotency-key-reused";

    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    public static void Require(bool condition, string code, string message)
    {
        if (!condition)
        {
            throw new DomainRuleException(code, message);
        }
    }

    /// <summary>Quantities must be positive and finite; decimal has no NaN, so only the sign is checked.</summary>
    public static void RequirePositive(decimal quantity, string what) =>
        Require(quantity > 0, InvalidQuantity, $"{what} must be greater than zero (was {quantity}).");
}
