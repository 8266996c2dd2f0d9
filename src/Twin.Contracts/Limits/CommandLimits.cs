namespace Twin.Contracts;

/// <summary>
/// Bounds on what one command may carry, bound from <c>Twin:Api:Limits</c> (the section kept its first name: it
/// began as the REST API's limits and now holds for every entry point). Without them a 10 MB location name was
/// stored, then served to every reader and pushed through the change stream, and the silo grew by a gigabyte in a
/// hundred requests. The rules that apply them are <see cref="CommandLimitRules"/>, checked by the silo at every
/// twin's door, so REST, the client SDK and the ERP sync meet the same bounds. The defaults are generous for real
/// plant data.
/// </summary>
public sealed class CommandLimits
{
    /// <summary>The configuration section these limits come from.</summary>
    public const string Section = "Twin:Api:Limits";

    /// <summary>Largest value a PLC counter can report exactly through JSON numbers (2^53).</summary>
    public const long MaxCounterReading = 9_007_199_254_740_992;

    /// <summary>Highest routing operation number (SAP and Dynamics number operations with four or five digits).</summary>
    public const int MaxOperationSequence = 99_999;

    /// <summary>Largest over-delivery tolerance of a work order, in percent.</summary>
    public const decimal MaxOverDeliveryTolerancePercent = 1000m;

    /// <summary>Longest QMS reason code on a hold or release (a notification or defect code); the lot twin holds the same bound.</summary>
    public const int MaxReasonCodeLength = 64;

    /// <summary>Longest cycle time a routing step or machine may state.</summary>
    public static readonly TimeSpan MaxCycleTime = TimeSpan.FromDays(7);

    /// <summary>Longest display name (machine, location) and work centre.</summary>
    public int MaxNameLength { get; set; } = 200;

    /// <summary>Longest unit of measure code ("pcs", "kg", "EA").</summary>
    public int MaxUnitLength { get; set; } = 16;

    /// <summary>Longest free text a person types: hold, release, status and scrap reasons, user names.</summary>
    public int MaxReasonLength { get; set; } = 1000;

    /// <summary>Longest signal name in a signal batch.</summary>
    public int MaxSignalNameLength { get; set; } = 128;

    /// <summary>Longest text value of a signal (a recipe name, an alarm text).</summary>
    public int MaxSignalTextLength { get; set; } = 4096;

    /// <summary>Most signal values in one signal batch.</summary>
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
