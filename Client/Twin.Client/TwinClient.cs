namespace Twin.Client;

internal sealed class TwinClient(IClusterClient cluster) : ITwinClient
{
    private readonly IClusterClient _cluster = cluster;
}
