namespace Twin.Domain.Lots;

/// <summary>
/// The rules of a lot twin: identity, size, origin, stock status with hold and release, genealogy links in
/// both directions, and the locations that hold its stock (so a hold reaches every one of them).
/// </summary>
public sealed class LotTwin : TwinRecord
{
    public bool Created { get; set; }
    public string Plant { get; set; } = "";
    public string Item { get; set; } = "";
    public string Unit { get; set; } = "";
    public decimal Quantity { get; set; }
    public decimal ConsumedQuantity { get; set; }
    public LotSource Origin { get; set; } = new(0, null);
    public LotStatus Status { get; set; }

    /// <summary>Grows with every status change; locations keep the newest they have seen.</summary>
    public long StatusVersion { get; set; }
    public HoldRecord? Hold { get; set; }
    public List<GenealogyLink> Parents { get; set; } = [];
    public List<GenealogyLink> Children { get; set; } = [];
    public List<string> Locations { get; set; } = [];

    /// <summary>Locations that still have to be told the current status (re-sent until they acknowledge).</summary>
    public List<string> PendingStatusPushes { get; set; } = [];

    /// <summary>The hold or release not yet sent as an instruction (see <see cref="OwedQualityInstruction"/>).</summary>
    public OwedQualityInstruction? OwedInstruction { get; set; }

    /// <summary>Bound on genealogy links kept per direction.</summary>
    public int MaxLinks { get; set; } = 2000;

    public void EnsureCreated() =>
        DomainErrors.Require(Created, DomainErrors.LotNotFound, "Lot does not exist; it is created by a goods receipt or work order output.");

    /// <summary>Quantity entered the lot; the first inflow creates it.</summary>
    public string Inflow(string plant, string item, decimal quantity, string unit, string locationId, LotSource origin,
        IReadOnlyList<GenealogyLink> parents, LotStatus initialStatus)
    {
        DomainErrors.RequirePositive(quantity, "Lot quantity");
        DomainErrors.Require(initialStatus != LotStatus.Consumed, DomainErrors.InvalidCommand, "A lot cannot be created consumed.");
        if (Created)
        {
            DomainErrors.Require(Item == item, DomainErrors.ItemMismatch, $"Lot holds item {Item}, not {item}.");
            DomainErrors.Require(Unit == unit, DomainErrors.UnitMismatch, $"Lot is kept in {Unit}, not {unit}.");
            DomainErrors.Require(Plant == plant, DomainErrors.PlantMismatch, $"Lot belongs to plant {Plant}, not {plant}.");
        }
        else
        {
            DomainErrors.Require(!string.IsNullOrWhiteSpace(unit), DomainErrors.InvalidCommand, "Unit of measure is missing.");
            Created = true;
            Plant = plant;
            Item = item;
            Unit = unit;
            Origin = origin;
            Status = initialStatus;
        }
        Quantity += quantity;
        if (Status == LotStatus.Consumed)
        {
            Status = LotStatus.Unrestricted;
            StatusVersion++;
        }
        foreach (var link in parents)
        {
            AddLink(Parents, link);
        }
        NoteLocation(locationId);
        return $"+{quantity} {unit} at {locationId} (now {Quantity})";
    }

    /// <summary>Quantity left the lot: consumed, split off or merged away. At zero the lot is Consumed.</summary>
    public string Outflow(int kind, decimal quantity, GenealogyLink? child)
    {
        EnsureCreated();
        DomainErrors.RequirePositive(quantity, "Quantity");
        DomainErrors.Require(Status != LotStatus.Consumed, DomainErrors.LotConsumed, "Lot is already fully consumed.");
        DomainErrors.Require(quantity <= Quantity, DomainErrors.InsufficientStock,
            $"Lot has {Quantity} {Unit}; {quantity} cannot leave it.");
        if (kind == 0)
        {
            DomainErrors.Require(Status == LotStatus.Unrestricted, DomainErrors.StockOnHold,
                $"Lot is {Status}; held stock cannot be consumed by production.");
            ConsumedQuantity += quantity;
        }
        Quantity -= quantity;
        if (child is not null)
        {
            AddLink(Children, child);
        }
        if (Quantity == 0)
        {
            Status = LotStatus.Consumed;
            StatusVersion++;
        }
        return $"-{quantity} {Unit} ({(kind == 0 ? "consumed" : kind == 1 ? "split" : "merged")}; now {Quantity})";
    }

    public string LinkChildren(IReadOnlyList<GenealogyLink> links)
    {
        EnsureCreated();
        foreach (var link in links)
        {
            AddLink(Children, link);
        }
        return $"went into {string.Join(", ", links.Select(l => l.Child).Distinct())}";
    }

    public string PlaceOnHold(LotStatus hold, string reason, string? user, DateTimeOffset now, string? reasonCode = null)
    {
        EnsureCreated();
        DomainErrors.Require(hold is LotStatus.QualityHold or LotStatus.Blocked, DomainErrors.InvalidCommand,
            $"A hold is QualityHold or Blocked, not {hold}.");
        DomainErrors.Require(!string.IsNullOrWhiteSpace(reason), DomainErrors.InvalidCommand, "A hold needs a reason.");
        DomainErrors.Require(!string.IsNullOrWhiteSpace(user), DomainErrors.UserRequired, "A hold needs the user who placed it.");
        QualityInstructions.CheckReasonCode(reasonCode);
        DomainErrors.Require(Status != LotStatus.Consumed, DomainErrors.LotConsumed, "Lot is fully consumed; there is nothing to hold.");
        var from = Status;
        Status = hold;
        StatusVersion++;
        Hold = new HoldRecord(hold, reason, user!, now, reasonCode);
        QueueStatusPushes();
        return $"status {from} -> {hold} by {user}: {reason}";
    }

    public string Release(string reason, string? user, string? reasonCode = null)
    {
        EnsureCreated();
        DomainErrors.Require(!string.IsNullOrWhiteSpace(reason), DomainErrors.InvalidCommand, "A release needs a reason.");
        QualityInstructions.CheckReasonCode(reasonCode);
        DomainErrors.Require(!string.IsNullOrWhiteSpace(user), DomainErrors.UserRequired, "A release needs the user who released it.");
        DomainErrors.Require(Status is LotStatus.QualityHold or LotStatus.Blocked, DomainErrors.NotOnHold,
            $"Lot is {Status}, not on hold; there is nothing to release.");
        var from = Status;
        Status = LotStatus.Unrestricted;
        StatusVersion++;
        Hold = null;
        QueueStatusPushes();
        return $"status {from} -> Unrestricted by {user}: {reason}";
    }

    /// <summary>
    /// Owes the instruction for the hold or release just made. A newer one replaces one still owed (only after a crash
    /// can one be owed when the next comes): the systems are told the lot's status now, not each step in between.
    /// </summary>
    public void OweInstruction(string requestId, string correlationId, string reason, string? reasonCode, string user, DateTimeOffset at) =>
        OwedInstruction = new OwedQualityInstruction(requestId, correlationId, Status is LotStatus.QualityHold or LotStatus.Blocked,
            Status, reason, reasonCode, user, at);

    /// <summary>
    /// Where an owed instruction has to ask: every location the lot came to, not only those still to be told its
    /// status (each answers how much of the lot it holds, and a status it already knows changes nothing there).
    /// </summary>
    public IReadOnlyList<string> InstructionTargets => OwedInstruction is null ? PendingStatusPushes : Locations;

    /// <summary>The owed instruction has gone out with these answers; returns it with the locations it names.</summary>
    public (OwedQualityInstruction Instruction, IReadOnlyList<LotQuantityAt> Locations)? SendInstruction(IEnumerable<LotQuantityAt> answers)
    {
        if (OwedInstruction is not { } owed)
        {
            return null;
        }
        OwedInstruction = null;
        return (owed, QualityInstructions.Where(answers));
    }

    /// <summary>A location now holds this lot. Returns true when the location is new to the lot.</summary>
    public bool NoteLocation(string locationId)
    {
        if (Locations.Contains(locationId, StringComparer.Ordinal))
        {
            return false;
        }
        Locations.Add(locationId);
        return true;
    }

    public void StatusPushed(string locationId) => PendingStatusPushes.Remove(locationId);

    private void QueueStatusPushes()
    {
        foreach (var location in Locations.Where(l => !PendingStatusPushes.Contains(l, StringComparer.Ordinal)))
        {
            PendingStatusPushes.Add(location);
        }
    }

    private void AddLink(List<GenealogyLink> links, GenealogyLink link)
    {
        // A retried command re-sends the same link with a later time: one link per parent, child and relation.
        if (links.Any(l => l.Parent == link.Parent && l.Child == link.Child && l.Relation == link.Relation))
        {
            return;
        }
        links.Add(link);
        if (links.Count > MaxLinks)
        {
            links.RemoveAt(0);
        }
    }
}
