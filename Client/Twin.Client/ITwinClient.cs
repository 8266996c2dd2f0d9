namespace Twin.Client;

/// <summary>Typed access to the Twin cluster: machines, work orders, lots and warehouse locations.</summary>
public interface ITwinClient
{
}
