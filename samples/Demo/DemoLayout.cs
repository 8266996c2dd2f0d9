using System.Globalization;

namespace Twin.Demo;

/// <summary>The demo plant: one line of machines, simulated a few times faster than real time so production shows quickly.</summary>
internal sealed record DemoLayout(string Plant, int Machines, double TimeScale, int OpcUaPort, int ErpPort)
{
    public string[] PlantSimulatorArguments() =>
    [
        "--plant", Plant, "--lines", "1", "--machines", Number(Machines), "--time-scale", TimeScale.ToString(CultureInfo.InvariantCulture),
        "--port", Number(OpcUaPort), "--host", "127.0.0.1",
    ];

    public string[] TagMapArguments() =>
    [
        "tag-map", "--plant", Plant, "--lines", "1", "--machines", Number(Machines), "--port", Number(OpcUaPort), "--host", "127.0.0.1",
    ];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
