using System.Globalization;

namespace PlantSimulator;

/// <summary>The simulator's endpoint URL: <c>opc.tcp://host:port/twin/plant</c>.</summary>
internal static class PlantEndpoint
{
    public const string Path = "/twin/plant";

    public static string Url(string host, int port) => string.Create(CultureInfo.InvariantCulture, $"opc.tcp://{host}:{port}{Path}");
}
