using Microsoft.Extensions.Logging;

namespace Twin.Api.Security;

/// <summary>
/// Logs refused API keys at most once per interval for the whole silo: a script retrying with a wrong key, or a
/// scanner, wrote two lines per request without limit. The first refusal is logged at once; later ones within the
/// interval are counted and the next line says how many there were and where the last came from.
/// </summary>
internal sealed partial class RejectedKeyLog(ILogger<RejectedKeyLog> logger, TimeProvider? clock = null)
{
    /// <summary>The shortest time between two lines.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private DateTimeOffset _next = DateTimeOffset.MinValue;
    private long _suppressed;

    /// <summary>A key matching no configured key was presented (by <paramref name="what"/>: a request or a sign-in).</summary>
    public void Rejected(string what, string? remote)
    {
        long suppressed;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (now < _next)
            {
                _suppressed++;
                return;
            }

            suppressed = _suppressed;
            _suppressed = 0;
            _next = now + Interval;
        }

        if (suppressed == 0)
        {
            LogRejected(what, remote ?? "unknown address");
        }
        else
        {
            LogRejectedWithMore(what, remote ?? "unknown address", suppressed, (int)Interval.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {What} with an API key that matches no configured key (from {Remote})")]
    private partial void LogRejected(string what, string remote);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Refused {What} with an API key that matches no configured key (from {Remote}); {Suppressed} more refused key(s) before it were not logged (at most one such line per {Seconds} s)")]
    private partial void LogRejectedWithMore(string what, string remote, long suppressed, int seconds);
}
