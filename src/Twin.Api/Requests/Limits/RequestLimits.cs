namespace Twin.Api.Requests.Limits;

/// <summary>
/// Bounds on what one request may carry, bound from <c>Twin:Api:Limits</c>. Without them the only bound was the
/// 30 MB body cap: a 10 MB location name was stored, then served to every reader and pushed through the change
/// stream, and the silo grew by a gigabyte in a hundred requests. The defaults are generous for real plant data.
/// </summary>
public sealed class RequestLimits
{
    /// <summary>The configuration section these limits come from.</summary>
    public const string Section = "Twin:Api:Limits";

    /// <summary>Longest display name (machine, location) and work centre.</summary>
    public int MaxNameLength { get; set; } = 200;

    /// <summary>Longest unit of measure code ("pcs", "kg", "EA").</summary>
    public int MaxUnitLength { get; set; } = 16;

    /// <summary>Longest free text a person types: hold, release, status and scrap reasons, user names.</summary>
    public int MaxReasonLength { get; set; } = 1000;

    /// <summary>Longest signal name in a signals request.</summary>
    public int MaxSignalNameLength { get; set; } = 128;

    /// <summary>Longest text value of a signal (a recipe name, an alarm text).</summary>
    public int MaxSignalTextLength { get; set; } = 4096;

    /// <summary>Most signal values in one signals request.</summary>
    public int MaxSignalsPerRequest { get; set; } = 1000;

    /// <summary>Most routing steps of one work order.</summary>
    public int MaxRoutingSteps { get; set; } = 200;

    /// <summary>Largest quantity of one command. Far below decimal's range so that a twin's sums never overflow.</summary>
    public decimal MaxQuantity { get; set; } = 1_000_000_000_000m;

    /// <summary>How far ahead of the silo's clock a signal's source time may be (PLC clocks drift; year 9999 is a broken clock).</summary>
    public TimeSpan MaxSignalTimeAhead { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How old a signal's source time may be (a gateway forwarding what it buffered through an outage).</summary>
    public TimeSpan MaxSignalAge { get; set; } = TimeSpan.FromDays(30);
}
