using Twin.Domain.Lots;

namespace Twin.Domain.Inventory;

/// <summary>
/// The rules of a warehouse location: balances by item, lot and status; receipts and issues; splits and
/// merges of lots held here; and both halves of the two-phase move. Stock leaves the source when the move
/// starts (<see cref="StartMove"/>), is owed as an <see cref="OutgoingTransfer"/> until the destination
/// books it once by transfer id (<see cref="AcceptTransfer"/>), and only then is the debt cleared
/// (<see cref="CompleteMove"/>). Any step may be repeated; none creates or loses stock.
/// </summary>
public sealed class WarehouseLocationTwin : TwinRecord
{
    public bool Created { get; set; }
    public string Plant { get; set; } = "";
    public string Name { get; set; } = "";
    public List<BalanceLine> Balances { get; set; } = [];
    public Dictionary<string, KnownLotStatus> LotStatuses { get; set; } = new(StringComparer.Ordinal);
    public List<OutgoingTransfer> Outgoing { get; set; } = [];

    /// <summary>Transfer ids booked here, oldest first: a re-sent transfer is recognised and not booked twice.</summary>
    public List<string> AcceptedTransfers { get; set; } = [];

    /// <summary>Bound on remembered transfer ids; the source re-sends within minutes, so thousands is ample.</summary>
    public int MaxAcceptedTransfers { get; set; } = 10_000;

    public string Create(string plant, string name)
    {
        DomainErrors.Require(!Created, DomainErrors.AlreadyExists, "Location already exists.");
        DomainErrors.Require(!string.IsNullOrWhiteSpace(name), DomainErrors.InvalidCommand, "Location name is missing.");
        Created = true;
        Plant = plant;
        Name = name;
        return $"created in plant {plant} as '{name}'";
    }

    public void EnsureCreated() =>
        DomainErrors.Require(Created, DomainErrors.LocationNotFound, "Location does not exist; create it first.");

    public decimal OnHand(string item, string lotId) =>
        Balances.Where(b => b.Item == item && b.LotId == lotId).Sum(b => b.Quantity);

    public decimal OnHand(string item) => Balances.Where(b => b.Item == item).Sum(b => b.Quantity);

    /// <summary>Status stock of this lot is booked under here: the newest pushed status, else what is on the balance.</summary>
    public LotStatus StatusOf(string lotId) =>
        LotStatuses.TryGetValue(lotId, out var known) ? known.Status
        : Balances.FirstOrDefault(b => b.LotId == lotId)?.Status ?? LotStatus.Unrestricted;

    public void CheckReceive(string item, string lotId, decimal quantity, string unit)
    {
        EnsureCreated();
        DomainErrors.RequirePositive(quantity, "Received quantity");
        DomainErrors.Require(!string.IsNullOrWhiteSpace(unit), DomainErrors.InvalidCommand, "Unit of measure is missing.");
        CheckSameItemAndUnit(item, lotId, unit);
    }

    public string Receive(string item, string lotId, decimal quantity, string unit, LotStatus status)
    {
        CheckReceive(item, lotId, quantity, unit);
        Add(item, lotId, Bookable(status), quantity, unit);
        return $"received {quantity} {unit} of {item} lot {lotId} (now {OnHand(item, lotId)})";
    }

    /// <summary>Checks an issue without applying it. <paramref name="lotStatus"/> is the lot twin's own status, if known.</summary>
    public void CheckIssue(string item, string lotId, decimal quantity, IssueReason reason, LotStatus? lotStatus)
    {
        EnsureCreated();
        DomainErrors.RequirePositive(quantity, "Issued quantity");
        var onHand = OnHand(item, lotId);
        DomainErrors.Require(onHand >= quantity, DomainErrors.InsufficientStock,
            $"Location {Name} has {onHand} of {item} lot {lotId}; {quantity} cannot be issued.");
        if (reason == IssueReason.Production)
        {
            var status = lotStatus is { } s && s != LotStatus.Consumed ? s : StatusOf(lotId);
            var unrestricted = Balances.Where(b => b.Item == item && b.LotId == lotId && b.Status == LotStatus.Unrestricted).Sum(b => b.Quantity);
            DomainErrors.Require(status == LotStatus.Unrestricted && unrestricted >= quantity, DomainErrors.StockOnHold,
                $"Lot {lotId} is {(status == LotStatus.Unrestricted ? "partly held here" : status.ToString())}; held stock cannot be issued to production.");
        }
    }

    public string Issue(string item, string lotId, decimal quantity, IssueReason reason, LotStatus? lotStatus)
    {
        CheckIssue(item, lotId, quantity, reason, lotStatus);
        var unit = Take(item, lotId, quantity, reason == IssueReason.Production ? LotStatus.Unrestricted : null);
        return $"issued {quantity} {unit} of {item} lot {lotId} for {reason} (now {OnHand(item, lotId)})";
    }

    /// <summary>First half of a move: takes the stock off this location and owes it to the destination.</summary>
    public OutgoingTransfer StartMove(string transferId, string destination, string item, string lotId, decimal quantity,
        string correlationId, DateTimeOffset now)
    {
        EnsureCreated();
        DomainErrors.RequirePositive(quantity, "Moved quantity");
        DomainErrors.Require(destination != "" && !string.Equals(destination, Id, StringComparison.Ordinal), DomainErrors.SameLocation,
            "Source and destination are the same location.");
        var onHand = OnHand(item, lotId);
        DomainErrors.Require(onHand >= quantity, DomainErrors.InsufficientStock,
            $"Location {Name} has {onHand} of {item} lot {lotId}; {quantity} cannot be moved.");
        var status = StatusOf(lotId);
        var inStatus = Balances.Where(b => b.Item == item && b.LotId == lotId && b.Status == status).Sum(b => b.Quantity);
        // Mixed statuses of one lot only exist for a moment while a status push is applied; move one status at a time.
        DomainErrors.Require(inStatus >= quantity, DomainErrors.LotStatusMismatch,
            $"Only {inStatus} of lot {lotId} is booked as {status} here; move at most that much.");
        var unit = Take(item, lotId, quantity, status);
        var transfer = new OutgoingTransfer
        {
            TransferId = transferId, Destination = destination, Item = item, LotId = lotId, Quantity = quantity,
            Unit = unit, Status = status, CorrelationId = correlationId, StartedAt = now,
        };
        Outgoing.Add(transfer);
        return transfer;
    }

    /// <summary>Second half, at the destination: books the transfer once. Returns false if it was booked before.</summary>
    public bool AcceptTransfer(string transferId, string item, string lotId, decimal quantity, string unit, LotStatus status)
    {
        EnsureCreated();
        if (AcceptedTransfers.Contains(transferId, StringComparer.Ordinal))
        {
            return false;
        }
        DomainErrors.RequirePositive(quantity, "Transferred quantity");
        CheckSameItemAndUnit(item, lotId, unit);
        Add(item, lotId, Bookable(LotStatuses.TryGetValue(lotId, out var known) ? known.Status : status), quantity, unit);
        AcceptedTransfers.Add(transferId);
        if (AcceptedTransfers.Count > MaxAcceptedTransfers)
        {
            AcceptedTransfers.RemoveRange(0, AcceptedTransfers.Count - MaxAcceptedTransfers);
        }
        return true;
    }

    /// <summary>The destination confirmed: the debt is settled. Returns the transfer, or null if already settled.</summary>
    public OutgoingTransfer? CompleteMove(string transferId)
    {
        var transfer = Outgoing.FirstOrDefault(t => t.TransferId == transferId);
        if (transfer is not null)
        {
            Outgoing.Remove(transfer);
        }
        return transfer;
    }

    /// <summary>The destination refused for good (it does not exist, holds the lot as another item): the stock comes back.</summary>
    public OutgoingTransfer? CancelMove(string transferId)
    {
        var transfer = CompleteMove(transferId);
        if (transfer is not null)
        {
            Add(transfer.Item, transfer.LotId, Bookable(StatusOf(transfer.LotId)), transfer.Quantity, transfer.Unit);
        }
        return transfer;
    }

    /// <summary>Re-books all stock of a lot under a newer status; older pushes are ignored.</summary>
    public bool ApplyLotStatus(string lotId, LotStatus status, long version)
    {
        if (LotStatuses.TryGetValue(lotId, out var known) && known.Version >= version)
        {
            return false;
        }
        LotStatuses[lotId] = new KnownLotStatus(status, version);
        var target = Bookable(status);
        foreach (var line in Balances.Where(b => b.LotId == lotId && b.Status != target).ToList())
        {
            Balances.Remove(line);
            Add(line.Item, line.LotId, target, line.Quantity, line.Unit);
        }
        return true;
    }

    /// <summary>Checks a split without applying it; returns the status the child inherits.</summary>
    public LotStatus CheckSplit(string item, string parentLot, string childLot, decimal quantity)
    {
        EnsureCreated();
        DomainErrors.RequirePositive(quantity, "Split quantity");
        DomainErrors.Require(parentLot != childLot, DomainErrors.InvalidCommand, "A lot cannot be split into itself.");
        var onHand = OnHand(item, parentLot);
        DomainErrors.Require(onHand >= quantity, DomainErrors.InsufficientStock,
            $"Location {Name} has {onHand} of {item} lot {parentLot}; {quantity} cannot be split off.");
        DomainErrors.Require(OnHand(item, childLot) == 0 || StatusOf(childLot) == StatusOf(parentLot), DomainErrors.LotStatusMismatch,
            $"Lot {childLot} is already here with another status.");
        CheckSameItemAndUnit(item, childLot, Balances.First(b => b.Item == item && b.LotId == parentLot).Unit);
        return StatusOf(parentLot);
    }

    public string Split(string item, string parentLot, string childLot, decimal quantity)
    {
        var status = CheckSplit(item, parentLot, childLot, quantity);
        var unit = Take(item, parentLot, quantity, null);
        Add(item, childLot, status, quantity, unit);
        LotStatuses[childLot] = LotStatuses.TryGetValue(parentLot, out var known) ? known : new KnownLotStatus(status, 0);
        return $"split {quantity} {unit} of lot {parentLot} into lot {childLot}";
    }

    /// <summary>Checks a merge without applying it; returns the quantity that will move.</summary>
    public decimal CheckMerge(string item, string sourceLot, string targetLot)
    {
        EnsureCreated();
        DomainErrors.Require(sourceLot != targetLot, DomainErrors.InvalidCommand, "A lot cannot be merged into itself.");
        var quantity = OnHand(item, sourceLot);
        DomainErrors.Require(quantity > 0, DomainErrors.InsufficientStock, $"Location {Name} holds none of {item} lot {sourceLot}.");
        DomainErrors.Require(OnHand(item, targetLot) == 0 || StatusOf(sourceLot) == StatusOf(targetLot), DomainErrors.LotStatusMismatch,
            $"Lots {sourceLot} ({StatusOf(sourceLot)}) and {targetLot} ({StatusOf(targetLot)}) have different status; release or hold one first.");
        CheckSameItemAndUnit(item, targetLot, Balances.First(b => b.Item == item && b.LotId == sourceLot).Unit);
        return quantity;
    }

    public string Merge(string item, string sourceLot, string targetLot)
    {
        var quantity = CheckMerge(item, sourceLot, targetLot);
        var status = StatusOf(sourceLot);
        var unit = Take(item, sourceLot, quantity, null);
        Add(item, targetLot, status, quantity, unit);
        return $"merged {quantity} {unit} of lot {sourceLot} into lot {targetLot}";
    }

    /// <summary>Location id, set by the grain so a move to itself is refused; not persisted as a rule input.</summary>
    public string Id { get; set; } = "";

    private static LotStatus Bookable(LotStatus status) => status == LotStatus.Consumed ? LotStatus.Unrestricted : status;

    private void CheckSameItemAndUnit(string item, string lotId, string unit)
    {
        var existing = Balances.FirstOrDefault(b => b.LotId == lotId);
        if (existing is null)
        {
            return;
        }
        DomainErrors.Require(existing.Item == item, DomainErrors.ItemMismatch, $"Lot {lotId} is held here as item {existing.Item}, not {item}.");
        DomainErrors.Require(existing.Unit == unit, DomainErrors.UnitMismatch, $"Lot {lotId} is held here in {existing.Unit}, not {unit}.");
    }

    private void Add(string item, string lotId, LotStatus status, decimal quantity, string unit)
    {
        var line = Balances.FirstOrDefault(b => b.Item == item && b.LotId == lotId && b.Status == status);
        if (line is null)
        {
            Balances.Add(new BalanceLine { Item = item, LotId = lotId, Status = status, Quantity = quantity, Unit = unit });
        }
        else
        {
            line.Quantity += quantity;
        }
    }

    /// <summary>Takes quantity off the lot's lines (only the given status when set); caller has checked there is enough.</summary>
    private string Take(string item, string lotId, decimal quantity, LotStatus? only)
    {
        var remaining = quantity;
        var unit = "";
        foreach (var line in Balances.Where(b => b.Item == item && b.LotId == lotId && (only is null || b.Status == only))
                     .OrderByDescending(b => b.Status == LotStatus.Unrestricted).ToList())
        {
            unit = line.Unit;
            var taken = Math.Min(line.Quantity, remaining);
            line.Quantity -= taken;
            remaining -= taken;
            if (line.Quantity == 0)
            {
                Balances.Remove(line);
            }
            if (remaining == 0)
            {
                break;
            }
        }
        if (remaining != 0)
        {
            throw new InvalidOperationException($"Balance of {item} lot {lotId} changed during a checked take; {remaining} missing.");
        }
        return unit;
    }
}
