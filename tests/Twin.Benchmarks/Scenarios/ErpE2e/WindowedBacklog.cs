using System.Globalization;
using Npgsql;
using Twin.Erp.Outbox;
using Twin.Erp.Posting;
using Twin.Erp.Transactions;

namespace Twin.Benchmarks.Scenarios.ErpE2e;

/// <summary>
/// What an ERP outage leaves in the store when posting windows are on, written straight through the store instead of
/// lived through (an hour cannot be waited for in a benchmark): every source event staged as its own row, then sealed
/// into documents of <see cref="SourcesPerDocument"/> events each, one work-order operation per document, as the
/// ERP sync grain seals a window. With a plant posting <see cref="EventsPerSecond"/> events/s from
/// <see cref="Operations"/> operations, a 60 s window carries 278 × 60 / 64 ≈ 260 events per document, and one
/// hour is 1,000,800 events in 3,849 documents. The statements are the product's (StageAsync, SealAsync); only
/// the pace is not.
/// </summary>
public static class WindowedBacklog
{
    /// <summary>One hour of this plant is 1,000,000 events (the "1-hour outage at plant rate").</summary>
    public const double EventsPerSecond = 278;

    public const int Operations = 64;

    public static int SourcesPerDocument(TimeSpan window) => Math.Max(1, (int)Math.Round(EventsPerSecond * window.TotalSeconds / Operations));

    /// <summary>Stages and seals source events [<paramref name="from"/>, <paramref name="to"/>); returns the documents sealed.</summary>
    public static async Task<int> SeedAsync(IErpOutboxStore store, string plant, long from, long to, TimeSpan window, CancellationToken cancellationToken)
    {
        var perDocument = SourcesPerDocument(window);
        var documents = 0;
        // Chunks of whole documents, ~10,000 events per statement pair.
        var chunk = (long)Math.Max(1, 10_000 / perDocument) * perDocument;
        for (var start = from; start < to; start += chunk)
        {
            var end = Math.Min(to, start + chunk);
            var now = DateTimeOffset.UtcNow;
            var sources = new List<ErpStagedSource>((int)(end - start));
            for (var n = start; n < end; n++)
            {
                var source = Source(plant, n, perDocument);
                sources.Add(new ErpStagedSource(source, ErpPostingGroups.KeyOf(source)!, now));
            }

            var staged = await store.StageAsync(plant, sources, cancellationToken);
            if (staged.Any(r => r != ErpEnqueueResult.Accepted))
            {
                throw new InvalidOperationException($"Seeding {plant}: {staged.Count(r => r != ErpEnqueueResult.Accepted)} of {staged.Count} sources were not accepted.");
            }

            var sealedDocuments = sources
                .GroupBy(s => Number(s.Source) / perDocument)
                .SelectMany(g => ErpDocumentComposer.Compose(g.Select(s => s.Source).ToList(), final: false))
                .ToList();
            if (!await store.SealAsync(plant, sealedDocuments, now, cancellationToken))
            {
                throw new InvalidOperationException($"Seeding {plant}: sealing {sealedDocuments.Count} documents was refused.");
            }

            documents += sealedDocuments.Count;
        }

        return documents;
    }

    /// <summary>Staged rows of the plant (open or sealed): how many source events the store has taken.</summary>
    public static async Task<long> StagedRowsAsync(string connectionString, string plant, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM twin_erp_staged WHERE plant = $1", connection);
        command.Parameters.AddWithValue(plant);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static long Number(ErpTransaction source) =>
        long.Parse(source.CorrelationId!.AsSpan(source.CorrelationId!.LastIndexOf('-') + 1), CultureInfo.InvariantCulture);

    private static ErpTransaction Source(string plant, long n, int perDocument)
    {
        var eventId = string.Create(CultureInfo.InvariantCulture, $"{plant}-seed-{n}");
        return new ErpTransaction
        {
            IdempotencyKey = ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, [eventId]),
            Kind = ErpTransactionKind.ProductionConfirmation,
            Plant = plant,
            WorkOrder = string.Create(CultureInfo.InvariantCulture, $"{plant}-seed-WO-{n / perDocument % Operations:D2}"),
            Operation = "10",
            Item = "FG-100",
            Quantity = 1,
            Unit = "pcs",
            CorrelationId = eventId,
            SourceEventIds = [eventId],
            OccurredAt = DateTimeOffset.UtcNow,
        };
    }
}
