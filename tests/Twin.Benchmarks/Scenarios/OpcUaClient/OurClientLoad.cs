using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.Benchmarks.Scenarios.OpcUaClient;

/// <summary>
/// Our client under load, run as its own process (sub-command <c>client-load</c>) so its CPU time is measured
/// from outside exactly like node-opcua's (tests/interop/bench/client-load.js speaks the same lines):
/// prints "READY n" once subscribed, then "COUNT n" for every "mark" on stdin; exits when stdin closes.
/// </summary>
public static class OurClientLoad
{
    public static async Task<int> RunAsync(string endpoint, int count, ushort namespaceIndex, string prefix, int intervalMs, string security = "None")
    {
        long received = 0;
        var parts = security.Split(':');
        var pki = parts[0] == "None" ? null : Directory.CreateTempSubdirectory("twin-bench-our-pki-").FullName;
        await using var client = new Twin.OpcUa.Client.OpcUaClient(new OpcUaClientOptions
        {
            EndpointUrl = endpoint,
            ApplicationName = "TwinBenchClient",
            // node-opcua keeps 5 Publish requests outstanding; the same here, so neither side waits on round trips more.
            PublishRequestCount = 5,
            SecurityPolicy = parts[0],
            SecurityMode = parts.Length > 1 ? Enum.Parse<MessageSecurityMode>(parts[1]) : MessageSecurityMode.SignAndEncrypt,
            PkiFolder = pki,
            AutoAcceptUntrustedCertificates = true, // a throw-away PKI for one benchmark run
        });
        await client.ConnectAsync();
        var subscription = await client.CreateSubscriptionAsync(
            new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(intervalMs), KeepAliveCount = 10, LifetimeCount = 100 },
            (_, batch) =>
            {
                // The application callback: touch every value, as ingest does when it maps handles to signals.
                var n = 0;
                foreach (ref readonly var change in batch.Notifications)
                {
                    if (!change.Value.Value.IsNull)
                    {
                        n++;
                    }
                }

                Interlocked.Add(ref received, n);
            });
        var items = Enumerable.Range(0, count)
            .Select(i => new MonitoredItemOptions(new NodeId(prefix + i, namespaceIndex))
            {
                SamplingInterval = TimeSpan.FromMilliseconds(intervalMs),
                QueueSize = 1,
            });
        var created = await subscription.AddMonitoredItemsAsync(items);
        var bad = created.Count(i => !i.Status.IsGood);
        if (bad > 0)
        {
            await Console.Error.WriteLineAsync($"client-load: {bad} of {count} monitored items were refused, e.g. {created.First(i => !i.Status.IsGood).NodeId}: {created.First(i => !i.Status.IsGood).Status}");
            return 1;
        }

        Console.WriteLine($"READY {count}");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line.Trim() == "mark")
            {
                Console.WriteLine($"COUNT {Interlocked.Read(ref received)}");
            }
        }

        if (pki is not null)
        {
            Directory.Delete(pki, recursive: true);
        }

        return 0;
    }
}
