namespace Twin.Domain.WorkOrders;

/// <summary>A routing step as given when the order is created.</summary>
public sealed record RoutingStep(int Sequence, string WorkCentre, string? MachineId, TimeSpan StandardCycleTime);
