using System.Diagnostics.Metrics;
using Twin.Grains.Machines;

namespace Twin.Benchmarks.Scenarios.Ingest;

/// <summary>
/// Exact counts of signal values the machine twins applied and ignored, from their own instruments (meter
/// Twin.Machines) in the silo hosted by this process: "reached twins" is counted, not inferred from samples.
/// </summary>
public sealed class SignalMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _applied;
    private long _ignored;
    private long _writes;

    public SignalMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MachineMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case "twin.machine.signals.applied":
                    Interlocked.Add(ref _applied, value);
                    break;
                case "twin.machine.signals.ignored":
                    Interlocked.Add(ref _ignored, value);
                    break;
                case "twin.machine.writes":
                    Interlocked.Add(ref _writes, value);
                    break;
            }
        });
        _listener.Start();
    }

    public long Applied => Interlocked.Read(ref _applied);

    public long Ignored => Interlocked.Read(ref _ignored);

    public long Writes => Interlocked.Read(ref _writes);

    public void Dispose() => _listener.Dispose();
}
