using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Twin.Erp.Http;

/// <summary>
/// The connector's share of the ERP quota: one token bucket per connector, shared by every
/// request (retries included, since they count against the ERP's quota too). Waits in line
/// rather than failing, so a burst is smoothed instead of turned into transient errors.
/// </summary>
internal sealed class ErpRateGate : IDisposable
{
    // The request carries how many permits it needs (1 per request, or its transaction count).
    public static readonly HttpRequestOptionsKey<int> PermitsKey = new("Twin.Erp.RatePermits");

    private readonly TokenBucketRateLimiter? _limiter;
    private readonly ErpRateLimitUnit _unit;

    public ErpRateGate(IOptions<HttpErpConnectorOptions> options)
    {
        var settings = options.Value;
        _unit = settings.RateLimitUnit;
        if (settings.RateLimitPerSecond <= 0)
        {
            return;
        }

        // Small periods keep the pace even; at most 100 refills a second keeps the timer cheap.
        var rate = settings.RateLimitPerSecond;
        var period = rate <= 100 ? TimeSpan.FromSeconds(1 / rate) : TimeSpan.FromMilliseconds(10);
        var tokensPerPeriod = rate <= 100 ? 1 : (int)Math.Max(1, Math.Round(rate / 100));
        var largestAsk = _unit == ErpRateLimitUnit.Transactions ? settings.MaxBatchSize : 1;
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(tokensPerPeriod, largestAsk),
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            QueueLimit = largestAsk * 10_000,
            AutoReplenishment = true,
        });
    }

    public bool IsLimited => _limiter is not null;

    public int PermitsFor(int transactionCount) => _unit == ErpRateLimitUnit.Transactions ? transactionCount : 1;

    public ValueTask<RateLimitLease> AcquireAsync(HttpRequestMessage? request, CancellationToken cancellationToken)
    {
        if (_limiter is null)
        {
            throw new InvalidOperationException("The ERP rate gate is only placed in the pipeline when a rate limit is configured.");
        }

        var permits = request is not null && request.Options.TryGetValue(PermitsKey, out var asked) ? asked : 1;
        return _limiter.AcquireAsync(permits, cancellationToken);
    }

    public void Dispose() => _limiter?.Dispose();
}
