namespace Twin.EndToEnd.Tests.Harness;

/// <summary>
/// The plant server makes one part every <c>interval</c> until stopped, while a test kills silos or the ERP is down:
/// production that keeps flowing. The fixture's tick count says exactly what the machine made.
/// </summary>
internal sealed class ContinuousProduction : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private ContinuousProduction(ShopFloorToErpFixture plant, TimeSpan interval) => _running = RunAsync(plant, interval, _stop.Token);

    public static ContinuousProduction Start(ShopFloorToErpFixture plant, TimeSpan interval) => new(plant, interval);

    /// <summary>Stops making parts; throws if a tick failed (the plant server did not answer).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    private static async Task RunAsync(ShopFloorToErpFixture plant, TimeSpan interval, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await plant.TickAsync(1);
            try
            {
                await Task.Delay(interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            try
            {
                await _running;
            }
            catch (Exception)
            {
                // Already failing a test; the first error is the one that matters.
            }
        }

        _stop.Dispose();
    }
}
