namespace Twin.Samples.Orders;

/// <summary>A production order as the admin route and the seed settings give it (released on arrival).</summary>
public sealed class SimulatedOrder
{
    public string Order { get; set; } = string.Empty;

    public string Plant { get; set; } = string.Empty;

    public string Material { get; set; } = string.Empty;

    public decimal Quantity { get; set; }

    public string Unit { get; set; } = "ST";

    public List<SimulatedOperation> Operations { get; set; } = [];

    public List<SimulatedComponent> Components { get; set; } = [];
}

/// <summary>An operation: number ("0010"), work centre, standard seconds per piece.</summary>
public sealed class SimulatedOperation
{
    public string Operation { get; set; } = "0010";

    public string WorkCenter { get; set; } = string.Empty;

    public decimal StandardSeconds { get; set; }
}

/// <summary>A component requirement.</summary>
public sealed class SimulatedComponent
{
    public string Material { get; set; } = string.Empty;

    public decimal Quantity { get; set; }

    public string Unit { get; set; } = "ST";

    public string? StorageLocation { get; set; }

    public string? Operation { get; set; }

    /// <summary>Backflushed: the SAP simulator moves it with every confirmation (off by default, as Twin posts consumption itself).</summary>
    public bool Backflush { get; set; }
}

/// <summary>A change of a released order: unset fields stay as they are.</summary>
public sealed record OrderChange(decimal? Quantity, List<SimulatedOperation>? Operations, List<SimulatedComponent>? Components);
