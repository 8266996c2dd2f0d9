using System.Globalization;
using Twin.Benchmarks.Scenarios.ErpSync;
using Twin.Erp.Transactions;

namespace Twin.Benchmarks.Scenarios.ErpConnectors;

/// <summary>
/// Production confirmations spread over <see cref="OrdersPerPlant"/> work orders per plant, as a line with several
/// orders running reports them: a batch holds documents of many orders, so the ERPs' per-order rules (SAP's order
/// lock, D365's in-order processing) serialize part of a batch, not all of it. Transaction n is always built the same way.
/// </summary>
internal static class ConnectorTransactions
{
    public const int OrdersPerPlant = 16;

    public static ErpTransaction Confirmation(string plant, long sequence) =>
        BenchmarkTransactions.Confirmation(plant, sequence, string.Create(CultureInfo.InvariantCulture, $"{plant}-{sequence % OrdersPerPlant:D3}"));
}
