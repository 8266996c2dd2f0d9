using ErpSimulator.MasterData;

namespace ErpSimulator.Booking;

/// <summary>
/// The simulated ERP's books. One lock guards check-and-book, so two concurrent posts of the same
/// idempotency key can never both book it: the second is told "already booked".
/// </summary>
public sealed class BookingLedger(MasterDataCatalog masterData, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BookedDocument> _byKey = new(StringComparer.Ordinal);
    private readonly List<BookedDocument> _documents = [];
    private readonly StockBook _stock = new();
    private long _lastDocumentNumber = 4_900_000_000;
    private long _conflictingRepeats;

    /// <summary>Books one transaction, or says why not. <paramref name="booked"/> is set only for a new booking.</summary>
    public BookingLine Book(SubmittedTransaction transaction, out BookedDocument? booked)
    {
        booked = null;
        if (string.IsNullOrWhiteSpace(transaction.IdempotencyKey))
        {
            return new BookingLine(string.Empty, "rejected", null, "No idempotency key given; the ERP cannot tell a repeat from a new document.");
        }

        var key = transaction.IdempotencyKey;
        var kind = TransactionKinds.Normalize(transaction.Kind);
        lock (_gate)
        {
            if (_byKey.TryGetValue(key, out var existing))
            {
                if (!SameContent(existing, transaction, kind))
                {
                    _conflictingRepeats++;
                }

                return new BookingLine(key, "alreadyBooked", existing.DocumentNumber, null);
            }

            // Rejections are not remembered: after master data is fixed, a replay under the same key books.
            var reason = TransactionCheck.ReasonToReject(transaction, kind, masterData);
            if (reason is not null)
            {
                return new BookingLine(key, "rejected", null, reason);
            }

            booked = new BookedDocument(
                (++_lastDocumentNumber).ToString(System.Globalization.CultureInfo.InvariantCulture),
                key,
                kind!,
                transaction.Plant,
                transaction.WorkOrder,
                transaction.Operation,
                transaction.Item!,
                transaction.Lot,
                transaction.Quantity,
                transaction.Unit!,
                transaction.FromLocation,
                transaction.ToLocation,
                transaction.Reason,
                transaction.CorrelationId,
                transaction.SourceEventIds ?? [],
                transaction.OccurredAt,
                timeProvider.GetUtcNow(),
                transaction.ToLot,
                transaction.Machine,
                transaction.Final);
            _byKey.Add(key, booked);
            _documents.Add(booked);
            _stock.Apply(booked);
            return new BookingLine(key, "booked", booked.DocumentNumber, null);
        }
    }

    /// <summary>The stock of <paramref name="locations"/> in <paramref name="plant"/>, as the booked documents left it.</summary>
    public List<StockLine> Stock(string plant, IReadOnlySet<string> locations)
    {
        lock (_gate)
        {
            return _stock.Of(plant, locations);
        }
    }

    /// <summary>A stock correction booked straight into the ERP (not through a plant's document).</summary>
    public void AdjustStock(string plant, string location, string item, string? lot, decimal quantity, string unit)
    {
        lock (_gate)
        {
            _stock.Adjust(plant, location, item, lot, quantity, unit);
        }
    }

    /// <summary>
    /// Repeats of a booked key that carried other content (kind, quantity or set of source events). A real ERP answers
    /// "already booked" without looking; the simulator counts them, because a sender whose key is derived from its
    /// document's source set must never send two contents under one key (e.g. a window re-sealed after a crash).
    /// </summary>
    public long ConflictingRepeats
    {
        get
        {
            lock (_gate)
            {
                return _conflictingRepeats;
            }
        }
    }

    private static bool SameContent(BookedDocument booked, SubmittedTransaction repeat, string? kind) =>
        booked.Kind == kind
        && booked.Quantity == repeat.Quantity
        && booked.SourceEventIds.Order(StringComparer.Ordinal).SequenceEqual((repeat.SourceEventIds ?? []).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>A copy of the books, in booking order.</summary>
    public IReadOnlyList<BookedDocument> Documents()
    {
        lock (_gate)
        {
            return _documents.ToList();
        }
    }
}
