namespace Twin.Domain.Lots;

/// <summary>
/// Breadth-first genealogy walk over lots fetched one at a time (each lot is its own twin). Each lot is
/// visited once, so cycles in bad data cannot loop; the depth bound and a lot-count bound keep a trace
/// through a big plant from running away.
/// </summary>
public static class GenealogyTracer
{
    public static async Task<TraceResult> Trace(string start, bool backward, int maxDepth, int maxLots,
        Func<string, Task<LotLinkView?>> fetch)
    {
        var steps = new List<TraceStep>();
        var edges = new List<GenealogyLink>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var frontier = new Queue<(string Lot, int Depth)>();
        frontier.Enqueue((start, 0));
        var truncated = false;
        while (frontier.Count > 0)
        {
            var (lot, depth) = frontier.Dequeue();
            var view = await fetch(lot);
            steps.Add(new TraceStep(lot, view?.Item, view?.Status, depth));
            if (view is null)
            {
                continue;
            }
            var links = backward ? view.Parents : view.Children;
            if (links.Count > 0 && depth >= maxDepth)
            {
                truncated = true;
                continue;
            }
            foreach (var link in links)
            {
                edges.Add(link);
                var next = backward ? link.Parent : link.Child;
                if (!seen.Add(next))
                {
                    continue;
                }
                if (seen.Count > maxLots)
                {
                    truncated = true;
                    break;
                }
                frontier.Enqueue((next, depth + 1));
            }
        }
        return new TraceResult(steps, edges, truncated);
    }
}
