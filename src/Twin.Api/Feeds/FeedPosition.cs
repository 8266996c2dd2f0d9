using System.Globalization;

namespace Twin.Api.Feeds;

/// <summary>
/// An event's place in one plant feed, sent as the SSE <c>id:</c> and taken back as <c>Last-Event-ID</c>:
/// <c>{epoch}-{sequence}</c>. The epoch names one run of the plant's feed on one silo (a restart or another
/// silo has another), so a position from elsewhere is recognised as unknown instead of resuming at the wrong place.
/// </summary>
internal readonly record struct FeedPosition(string Epoch, long Sequence)
{
    public override string ToString() => $"{Epoch}-{Sequence.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads <c>{epoch}-{sequence}</c>; false for anything else.</summary>
    public static bool TryParse(string? text, out FeedPosition position)
    {
        position = default;
        var dash = text?.LastIndexOf('-') ?? -1;
        if (text is null || dash <= 0 || dash > 32
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        position = new FeedPosition(text[..dash], sequence);
        return true;
    }
}
