using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Twin.Erp.Connector;

namespace Twin.Erp.Tests.Connector;

public sealed class ErpConnectorTelemetryTests(ErpSimulatorFixture erp) : IClassFixture<ErpSimulatorFixture>
{
    [Fact]
    public async Task Outcomes_are_counted_by_kind_on_the_Twin_Erp_meter()
    {
        await using var host = new ConnectorHost(erp.BaseAddress);
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        var counted = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this connector's meter: other tests' connectors run in parallel.
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "twin.erp.connector.transactions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (counted)
            {
                var outcome = (string)tags.ToArray().Single(t => t.Key == "outcome").Value!;
                counted[outcome] = counted.GetValueOrDefault(outcome) + value;
            }
        });
        listener.Start();
        var good = TestTransactions.Confirmation(TestTransactions.NewEventId("metric"));
        var bad = TestTransactions.Confirmation(TestTransactions.NewEventId("metric"), item: "UNKNOWN");

        await host.Connector.PostBatchAsync([good, bad]);
        await host.Connector.PostBatchAsync([good]);

        Assert.Equal(new Dictionary<string, long> { ["booked"] = 1, ["rejected"] = 1, ["already_booked"] = 1 }, counted);
    }
}
