using Twin.Erp.Mapping;

namespace Twin.Erp.Inbound;

/// <summary>
/// One poll of one plant's production orders, free of Orleans: read the pages changed after (watermark − overlap), hand
/// each order to the twin side, and move the watermark forward only past orders the twin side has taken — saved after
/// every page, so a restart neither re-imports everything nor skips a change. An order that cannot be translated or that
/// the twin refuses is skipped with its reason (posting it again unchanged will not help); an ERP or twin that cannot be
/// reached ends the poll where it stands, and the next poll resumes there.
/// </summary>
/// <remarks>
/// No ConfigureAwait(false) here: <c>apply</c> and <c>save</c> are the caller's (a grain's) code and must resume on
/// the caller's scheduler.
/// </remarks>
public sealed class ErpOrderPoller(IErpOrderSource source, ErpOrderTranslator translator, ErpMapping mapping, ErpInboundOptions options)
{
    private const int MaxProblems = 5;

    /// <param name="plant">The Twin plant.</param>
    /// <param name="saved">The plant's watermark from the last poll (null: never polled).</param>
    /// <param name="apply">Applies one order to its twin; throws when the twin cannot be reached.</param>
    /// <param name="save">Persists an advanced watermark; throws when it cannot.</param>
    /// <param name="cancellationToken">Stops the poll (between requests and orders).</param>
    public async Task<ErpPollResult> PollAsync(
        string plant,
        ErpOrderWatermark? saved,
        Func<TwinOrderImport, Task<(ErpOrderApplied Applied, string? Reason)>> apply,
        Func<ErpOrderWatermark, Task> save,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apply);
        ArgumentNullException.ThrowIfNull(save);
        string erpPlant;
        try
        {
            erpPlant = mapping.Plant(plant);
        }
        catch (ErpMappingException ex)
        {
            return new ErpPollResult { Failure = ex.Message, Watermark = saved };
        }

        var tally = new Tally();
        var watermark = saved;
        // Without an overlap the poll resumes exactly after the last order taken; with one, from a little earlier.
        var position = saved is null || options.Overlap == TimeSpan.Zero ? saved : ErpOrderWatermark.Before(saved.ChangedAt - options.Overlap);
        var more = false;
        string? failure = null;
        for (var page = 0; page < options.MaxPagesPerPoll; page++)
        {
            ErpOrderPage read;
            try
            {
                tally.Requests++;
                read = await source.ReadChangedAsync(erpPlant, position, options.PageSize, cancellationToken);
            }
            catch (ErpOrderSourceException ex)
            {
                failure = ex.Message;
                break;
            }

            foreach (var order in read.Orders)
            {
                tally.Read++;
                try
                {
                    var (applied, reason) = await apply(translator.Translate(plant, order));
                    tally.Count(applied, order.Order, reason);
                }
                catch (ErpMappingException ex)
                {
                    tally.Count(ErpOrderApplied.Refused, order.Order, ex.Message);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failure = $"order {order.Order} could not be applied to its twin: {ex.Message}";
                    break;
                }

                position = order.Position;
                if (watermark is null || position.IsAfter(watermark))
                {
                    watermark = position;
                }
            }

            if (watermark is not null && (saved is null || watermark.IsAfter(saved)))
            {
                await save(watermark);
                saved = watermark;
            }

            if (failure is not null || !read.More || read.Orders.Count == 0)
            {
                break;
            }

            more = page == options.MaxPagesPerPoll - 1;
        }

        return new ErpPollResult
        {
            Read = tally.Read,
            Created = tally.Created,
            Updated = tally.Updated,
            Unchanged = tally.Unchanged,
            Ignored = tally.Ignored,
            Refused = tally.Refused,
            Requests = tally.Requests,
            More = more,
            Failure = failure,
            Watermark = watermark,
            Problems = tally.Problems,
        };
    }

    private sealed class Tally
    {
        public int Read;
        public int Created;
        public int Updated;
        public int Unchanged;
        public int Ignored;
        public int Refused;
        public int Requests;
        public List<string> Problems { get; } = [];

        public void Count(ErpOrderApplied applied, string order, string? reason)
        {
            switch (applied)
            {
                case ErpOrderApplied.Created: Created++; break;
                case ErpOrderApplied.Updated: Updated++; break;
                case ErpOrderApplied.Unchanged: Unchanged++; break;
                case ErpOrderApplied.Ignored: Ignored++; break;
                default:
                    Refused++;
                    if (Problems.Count < MaxProblems)
                    {
                        Problems.Add($"order {order}: {reason}");
                    }

                    break;
            }
        }
    }
}
