namespace Twin.Contracts;

/// <summary>OPC UA status code class of a value: only Good counter values count as production.</summary>
public enum SignalQuality
{
    Good = 0,
    Uncertain = 1,
    Bad = 2,
}
