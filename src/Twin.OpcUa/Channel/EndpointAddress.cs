namespace Twin.OpcUa.Channel;

/// <summary>Host and port of an <c>opc.tcp://host:port/path</c> endpoint URL.</summary>
internal sealed record EndpointAddress(string Host, int Port, string Url)
{
    public static EndpointAddress Parse(string endpointUrl)
    {
        if (!Uri.TryCreate(endpointUrl, UriKind.Absolute, out var uri) || !string.Equals(uri.Scheme, "opc.tcp", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{endpointUrl}' is not an OPC UA endpoint URL; expected opc.tcp://host:port/path, e.g. opc.tcp://plc1:4840.", nameof(endpointUrl));
        }

        var port = uri.Port > 0 ? uri.Port : 4840;
        return new EndpointAddress(uri.Host, port, endpointUrl);
    }
}
