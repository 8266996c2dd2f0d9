namespace Twin.Contracts;

/// <summary>The four kinds of live twin.</summary>
public enum TwinKind
{
    Machine = 0,
    WorkOrder = 1,
    Lot = 2,
    Location = 3,
}
