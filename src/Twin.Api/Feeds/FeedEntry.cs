using Twin.Contracts;

namespace Twin.Api.Feeds;

/// <summary>
/// An event as the plant feed keeps it: the event (for filters), its type name, and its whole SSE frame
/// (<c>id:</c> and <c>data:</c> lines) encoded once, so a hundred clients cost one serialization, not a hundred.
/// </summary>
internal sealed record FeedEntry(long Sequence, TwinEvent Event, string Type, byte[] Frame);
