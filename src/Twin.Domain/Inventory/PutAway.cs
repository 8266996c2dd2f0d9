namespace Twin.Domain.Inventory;

/// <summary>
/// Which receipts leave stock waiting for the warehouse to put it away. Production output is received where the
/// line drops it (a staging lane, the end of the line); the WMS did not book it and has to be told to fetch it.
/// A purchase receipt is the WMS's own booking (it already plans the put-away), so it is not staged again.
/// </summary>
public static class PutAway
{
    /// <summary>True when a receipt of <paramref name="producedHere"/> (work order output) is staged for put-away.</summary>
    public static bool IsStaged(bool producedHere) => producedHere;
}
