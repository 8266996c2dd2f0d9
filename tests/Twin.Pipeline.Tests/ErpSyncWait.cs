using Twin.Contracts;

namespace Twin.Pipeline.Tests;

/// <summary>Polls an ERP-sync grain's figures until a condition holds; the timeout names the plant, the step and the figures.</summary>
internal static class ErpSyncWait
{
    public static async Task<ErpSyncFigures> Until(IErpSyncGrain sync, Func<ErpSyncFigures, bool> done, string what, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var figures = await sync.GetFigures();
            if (done(figures))
            {
                return figures;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"ERP sync of {figures.Plant} did not reach '{what}' within {limit.TotalSeconds} s; figures: {figures}");
            }

            await Task.Delay(20);
        }
    }
}
