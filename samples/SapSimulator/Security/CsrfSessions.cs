using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace SapSimulator.Security;

/// <summary>
/// SAP Gateway's CSRF cycle: a GET with <c>X-CSRF-Token: Fetch</c> opens a session (cookie) and hands out a token bound
/// to it; a modifying request needs both, unexpired, else 403 with <c>X-CSRF-Token: Required</c>.
/// </summary>
public sealed class CsrfSessions(IOptions<SapSimulatorOptions> options, TimeProvider timeProvider)
{
    public const string CookieName = "SAP_SESSIONID_SIM_100";

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Until)> _sessions = new(StringComparer.Ordinal);
    private long _fetches;
    private long _refusals;

    public long Fetches => Interlocked.Read(ref _fetches);

    public long Refusals => Interlocked.Read(ref _refusals);

    /// <summary>Opens a session (or renews the caller's) and returns its cookie value and token.</summary>
    public (string Session, string Token) Fetch(string? session)
    {
        Interlocked.Increment(ref _fetches);
        var id = session is not null && _sessions.ContainsKey(session) ? session : NewId();
        var token = NewId();
        _sessions[id] = (token, timeProvider.GetUtcNow() + options.Value.CsrfTokenLifetime);
        return (id, token);
    }

    public bool Valid(string? session, string? token)
    {
        var ok = session is not null && token is not null && _sessions.TryGetValue(session, out var entry)
                 && entry.Token == token && timeProvider.GetUtcNow() < entry.Until;
        if (!ok)
        {
            Interlocked.Increment(ref _refusals);
        }

        return ok;
    }

    /// <summary>Ends every session and token (a Gateway restart, or tokens timing out all at once).</summary>
    public void ExpireAll() => _sessions.Clear();

    private static string NewId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
}
