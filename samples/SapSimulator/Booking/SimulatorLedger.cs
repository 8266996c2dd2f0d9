using System.Collections.Concurrent;

namespace SapSimulator.Booking;

/// <summary>
/// What the simulated SAP has booked: confirmations and material documents, as the JSON entities it returned. It does
/// NOT deduplicate by our key (neither does SAP): a second post of one document books it twice, which tests look for.
/// </summary>
public sealed class SimulatorLedger
{
    private readonly ConcurrentQueue<Dictionary<string, object?>> _confirmations = new();
    private readonly ConcurrentQueue<Dictionary<string, object?>> _materialDocuments = new();
    private long _confirmationGroup = 1000;
    private long _materialDocument = 4_900_000_000;
    private readonly ConcurrentQueue<Dictionary<string, object?>> _confirmationItems = new();
    private readonly ConcurrentQueue<Dictionary<string, object?>> _errorPool = new();
    private long _lookups;

    /// <summary>Queries by our key (ExternalSystemConfirmation, ReferenceDocument).</summary>
    public long Lookups => Interlocked.Read(ref _lookups);

    public int ConfirmationCount => _confirmations.Count;

    public int MaterialDocumentCount => _materialDocuments.Count;

    public IEnumerable<Dictionary<string, object?>> Confirmations => _confirmations;

    /// <summary>Goods movements confirmations triggered that failed (SAP's error pool, COGI).</summary>
    public int ErrorPoolCount => _errorPool.Count;

    public IEnumerable<Dictionary<string, object?>> MaterialDocuments => _materialDocuments;

    public Dictionary<string, object?> AddConfirmation(Dictionary<string, object?> entity)
    {
        entity["ConfirmationGroup"] = Interlocked.Increment(ref _confirmationGroup).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
        entity["ConfirmationCount"] = "00000001";
        _confirmations.Enqueue(entity);
        return entity;
    }

    public Dictionary<string, object?> AddMaterialDocument(Dictionary<string, object?> entity, int year)
    {
        entity["MaterialDocument"] = Interlocked.Increment(ref _materialDocument).ToString(System.Globalization.CultureInfo.InvariantCulture);
        entity["MaterialDocumentYear"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _materialDocuments.Enqueue(entity);
        return entity;
    }

    /// <summary>
    /// Files a confirmation's goods movements (ConfirmationGroup and ConfirmationCount set on each): posted ones as
    /// its material document items (one material document per confirmation), failed ones in the error pool.
    /// </summary>
    public void AddGoodsMovements(Dictionary<string, object?> confirmation, IReadOnlyList<Dictionary<string, object?>> posted, IReadOnlyList<Dictionary<string, object?>> failed, int year)
    {
        var group = confirmation["ConfirmationGroup"];
        var count = confirmation["ConfirmationCount"];
        var document = posted.Count == 0 ? null : Interlocked.Increment(ref _materialDocument).ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < posted.Count; i++)
        {
            var item = posted[i];
            item["ConfirmationGroup"] = group;
            item["ConfirmationCount"] = count;
            item["MaterialDocument"] = document;
            item["MaterialDocumentItem"] = (i + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            item["MaterialDocumentYear"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _confirmationItems.Enqueue(item);
        }

        foreach (var item in failed)
        {
            item["ConfirmationGroup"] = group;
            item["ConfirmationCount"] = count;
            _errorPool.Enqueue(item);
        }
    }

    public IEnumerable<Dictionary<string, object?>> MaterialDocumentItemsOf(string group, string count) =>
        _confirmationItems.Where(i => Equals(i["ConfirmationGroup"], group) && Equals(i["ConfirmationCount"], count));

    public IEnumerable<Dictionary<string, object?>> ErrorPoolOf(string group, string count) =>
        _errorPool.Where(i => Equals(i["ConfirmationGroup"], group) && Equals(i["ConfirmationCount"], count));

    public IEnumerable<Dictionary<string, object?>> ConfirmationsWith(string externalKey) =>
        _confirmations.Where(c => string.Equals(c.GetValueOrDefault("ExternalSystemConfirmation") as string, externalKey, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<Dictionary<string, object?>> MaterialDocumentsWith(string reference) =>
        _materialDocuments.Where(d => string.Equals(d.GetValueOrDefault("ReferenceDocument") as string, reference, StringComparison.Ordinal));

    /// <summary>Counts a lookup by our key and passes its hits through.</summary>
    public List<Dictionary<string, object?>> LookUp(IEnumerable<Dictionary<string, object?>> hits)
    {
        Interlocked.Increment(ref _lookups);
        return hits.ToList();
    }
}
