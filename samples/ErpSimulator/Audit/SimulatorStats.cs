namespace ErpSimulator.Audit;

/// <summary>Counters of what the simulated ERP saw, so tests can prove retries happened and nothing was booked twice.</summary>
public sealed class SimulatorStats
{
    private long _requests;
    private long _serverErrors;
    private long _throttled;
    private long _outageRefusals;
    private long _lostAnswers;
    private long _unauthorized;
    private long _malformed;
    private long _booked;
    private long _alreadyBooked;
    private long _rejected;

    public void Request() => Interlocked.Increment(ref _requests);

    public void ServerError() => Interlocked.Increment(ref _serverErrors);

    public void Throttled() => Interlocked.Increment(ref _throttled);

    public void OutageRefusal() => Interlocked.Increment(ref _outageRefusals);

    public void LostAnswer() => Interlocked.Increment(ref _lostAnswers);

    public void Unauthorized() => Interlocked.Increment(ref _unauthorized);

    public void Malformed() => Interlocked.Increment(ref _malformed);

    public void Line(string status)
    {
        switch (status)
        {
            case "booked":
                Interlocked.Increment(ref _booked);
                break;
            case "alreadyBooked":
                Interlocked.Increment(ref _alreadyBooked);
                break;
            default:
                Interlocked.Increment(ref _rejected);
                break;
        }
    }

    public StatsSnapshot Snapshot() => new(
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _serverErrors),
        Interlocked.Read(ref _throttled),
        Interlocked.Read(ref _outageRefusals),
        Interlocked.Read(ref _lostAnswers),
        Interlocked.Read(ref _unauthorized),
        Interlocked.Read(ref _malformed),
        Interlocked.Read(ref _booked),
        Interlocked.Read(ref _alreadyBooked),
        Interlocked.Read(ref _rejected));
}

/// <summary>GET /audit/stats.</summary>
public sealed record StatsSnapshot(
    long Requests,
    long ServerErrors,
    long Throttled,
    long OutageRefusals,
    long LostAnswers,
    long Unauthorized,
    long Malformed,
    long Booked,
    long AlreadyBooked,
    long Rejected,
    long ConflictingRepeats = 0);
