using Microsoft.Extensions.Logging;

namespace Twin.Erp.Inbound;

/// <summary>
/// The failure lines of one plant's order poller, paced: while the ERP cannot be read, the first failed poll is told at
/// once, then one line per <c>interval</c> (with how many polls failed since when, and the latest reason), and one
/// recovery line when a poll works again. A poll every few seconds against an ERP down for an hour would otherwise
/// write a thousand lines that say the same thing; the poller's figures always carry the latest failure.
/// </summary>
public sealed partial class ErpPollFailureLog(string plant, TimeSpan interval, TimeProvider clock, ILogger logger)
{
    private DateTimeOffset? _failingSince;
    private DateTimeOffset _nextLineAt;
    private long _failedPolls;

    /// <summary>True from a failed poll until the next poll that works.</summary>
    public bool Failing => _failingSince is not null;

    /// <summary>A poll failed with <paramref name="failure"/> (already free of credentials).</summary>
    public void Failed(string failure)
    {
        var now = clock.GetUtcNow();
        _failedPolls++;
        if (_failingSince is not { } since)
        {
            _failingSince = now;
            _nextLineAt = now + interval;
            LogFailing(logger, plant, failure);
            return;
        }

        if (now >= _nextLineAt)
        {
            _nextLineAt = now + interval;
            LogStillFailing(logger, plant, _failedPolls, since, failure);
        }
    }

    /// <summary>A poll worked: tells the recovery if polls were failing, once.</summary>
    public void Succeeded()
    {
        if (_failingSince is not { } since)
        {
            return;
        }

        LogRecovered(logger, plant, _failedPolls, since, (clock.GetUtcNow() - since).TotalSeconds);
        _failingSince = null;
        _failedPolls = 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ERP orders of plant {Plant} not read for now: {Failure}")]
    private static partial void LogFailing(ILogger logger, string plant, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ERP orders of plant {Plant} still not read: {FailedPolls} polls failed since {FailingSince:u}; latest: {Failure}")]
    private static partial void LogStillFailing(ILogger logger, string plant, long failedPolls, DateTimeOffset failingSince, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "ERP orders of plant {Plant} read again after {FailedPolls} failed polls (failing since {FailingSince:u}, {Seconds:0} s)")]
    private static partial void LogRecovered(ILogger logger, string plant, long failedPolls, DateTimeOffset failingSince, double seconds);
}
