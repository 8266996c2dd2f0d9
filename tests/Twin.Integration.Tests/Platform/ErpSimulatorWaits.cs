using System.Net.Http.Json;
using ErpSimulator.Booking;
using Twin.Contracts;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// Waits shared by the ERP tests that drive a silo against the in-process ERP simulator: until the simulator has
/// booked a number of a work order's documents, or until the plant's ERP figures say something; each fails naming
/// what it waited for and what it saw last.
/// </summary>
internal static class ErpSimulatorWaits
{
    public static async Task<IReadOnlyList<BookedDocument>> UntilBooked(HttpClient admin, string workOrder, int count, TimeSpan timeout, TimeSpan poll)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var list = (await admin.GetFromJsonAsync<DocumentList>($"/audit/documents?workOrder={workOrder}"))!;
            if (list.Documents.Count >= count || DateTimeOffset.UtcNow > deadline)
            {
                Assert.True(list.Documents.Count >= count, $"the ERP booked {list.Documents.Count} of {count} documents within {timeout}");
                return list.Documents;
            }

            await Task.Delay(poll);
        }
    }

    public static async Task<ErpSyncFigures> UntilFigures(IErpSyncGrain sync, Func<ErpSyncFigures, bool> done, string what, TimeSpan timeout, TimeSpan poll)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var figures = await sync.GetFigures();
            if (done(figures))
            {
                return figures;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"waited {timeout} for {what}: {figures}");
            await Task.Delay(poll);
        }
    }

    private sealed record DocumentList(int Count, List<BookedDocument> Documents);
}
