using SapSimulator.OData;

namespace SapSimulator.Booking;

/// <summary>A checked posting, not yet booked: the locks it needs and how to book it (inside its changeset's locks).</summary>
public sealed record PreparedPosting(IReadOnlyList<string> LockKeys, Func<ODataAnswer> Book);
