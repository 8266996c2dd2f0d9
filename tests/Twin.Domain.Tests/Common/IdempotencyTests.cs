using Twin.Domain;
using Twin.Domain.Inventory;
using Twin.Domain.Lots;

namespace Twin.Domain.Tests.Common;

public sealed class IdempotencyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    private static WarehouseLocationTwin Location()
    {
        var location = new WarehouseLocationTwin { Id = "L1" };
        location.Create("P1", "Rack 1");
        return location;
    }

    [Fact]
    public void A_retried_request_returns_the_first_outcome_and_applies_nothing_twice()
    {
        var location = Location();
        var meta = new CommandMeta("r-1", "c-1");
        var first = location.Execute(meta, T0, "Receive", () => location.Receive("I1", "LOT1", 5, "pcs", LotStatus.Unrestricted));
        var retry = location.Execute(meta, T0, "Receive", () => location.Receive("I1", "LOT1", 5, "pcs", LotStatus.Unrestricted));

        Assert.True(first.Succeeded);
        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal(first.Version, retry.Version);
        Assert.Equal(5, location.OnHand("I1", "LOT1"));
    }

    [Fact]
    public void A_rejection_is_remembered_too_so_a_retry_gets_the_same_error()
    {
        var location = Location();
        var meta = new CommandMeta("r-2", "c-1");
        var first = location.Execute(meta, T0, "Issue", () => location.Issue("I1", "LOT1", 1, IssueReason.Shipment, null));
        location.Execute(new CommandMeta("r-3", "c-1"), T0, "Receive", () => location.Receive("I1", "LOT1", 5, "pcs", LotStatus.Unrestricted));
        var retry = location.Execute(meta, T0, "Issue", () => location.Issue("I1", "LOT1", 1, IssueReason.Shipment, null));

        Assert.Equal(DomainErrors.InsufficientStock, first.ErrorCode);
        Assert.Equal(DomainErrors.InsufficientStock, retry.ErrorCode);
        Assert.True(retry.Duplicate);
        Assert.Equal(5, location.OnHand("I1", "LOT1"));
    }

    [Fact]
    public void A_request_id_reused_with_another_fingerprint_is_refused_and_neither_applied_nor_remembered()
    {
        var location = Location();
        var first = location.Execute(new CommandMeta("r-4", "c-1", Fingerprint: "receive-5"), T0, "Receive", () => location.Receive("I1", "LOT1", 5, "pcs", LotStatus.Unrestricted));
        var reused = location.Execute(new CommandMeta("r-4", "c-1", Fingerprint: "receive-9"), T0, "Receive", () => location.Receive("I1", "LOT1", 9, "pcs", LotStatus.Unrestricted));
        var retry = location.Execute(new CommandMeta("r-4", "c-1", Fingerprint: "receive-5"), T0, "Receive", () => location.Receive("I1", "LOT1", 5, "pcs", LotStatus.Unrestricted));
        var unfingerprinted = location.Execute(new CommandMeta("r-4", "c-1"), T0, "Receive", () => location.Receive("I1", "LOT1", 5, "pcs", LotStatus.Unrestricted));

        Assert.True(first.Succeeded);
        Assert.Equal(DomainErrors.IdempotencyKeyReused, reused.ErrorCode);
        Assert.False(reused.Duplicate);
        Assert.True(retry.Duplicate && retry.Succeeded);
        Assert.True(unfingerprinted.Duplicate); // from inside the cluster (no fingerprint): a plain retry
        Assert.Equal(5, location.OnHand("I1", "LOT1"));
        Assert.Equal(first.Version, location.Version);
    }

    [Fact]
    public void History_records_change_command_correlation_and_user_and_is_bounded()
    {
        var location = Location();
        location.ApplyLimits(historyCapacity: 3, ledgerCapacity: 100);
        for (var i = 0; i < 5; i++)
        {
            location.Execute(new CommandMeta($"r-{i}", $"corr-{i}", "alice"), T0.AddMinutes(i), "Receive",
                () => location.Receive("I1", "LOT1", 1, "pcs", LotStatus.Unrestricted));
        }

        var lines = location.History.Newest(10);
        Assert.Equal(3, lines.Count);
        Assert.Equal("corr-4", lines[^1].CorrelationId);
        Assert.Equal("alice", lines[^1].User);
        Assert.Equal("Receive", lines[^1].Command);
        Assert.Contains("received 1 pcs of I1 lot LOT1", lines[^1].Change);
        Assert.Equal(T0.AddMinutes(4), lines[^1].At);
        Assert.True(lines[0].Sequence < lines[^1].Sequence);
    }

    [Fact]
    public void The_ledger_forgets_the_oldest_request_ids_beyond_its_bound()
    {
        var ledger = new RequestLedger { Capacity = 2 };
        ledger.Remember(new CommandOutcome("a", true, null, null, 1));
        ledger.Remember(new CommandOutcome("b", true, null, null, 2));
        ledger.Remember(new CommandOutcome("c", true, null, null, 3));

        Assert.False(ledger.TryGet("a", out _));
        Assert.True(ledger.TryGet("b", out _));
        Assert.True(ledger.TryGet("c", out var c));
        Assert.Equal(3, c.Version);
    }

    [Fact]
    public void The_ledger_finds_the_same_outcomes_below_and_above_the_size_where_it_starts_an_index()
    {
        // A few entries are scanned, more are indexed: a twin's answers must not change when it crosses over.
        var ledger = new RequestLedger { Capacity = 30 };
        for (var i = 1; i <= 40; i++)
        {
            ledger.Remember(new CommandOutcome($"r{i}", true, null, null, i));
            Assert.True(ledger.TryGet($"r{i}", out var newest));
            Assert.Equal(i, newest.Version);
            Assert.True(ledger.TryGet($"r{Math.Max(1, i - 29)}", out _));
            Assert.Equal(i > 30, !ledger.TryGet("r1", out _));
        }

        Assert.False(ledger.TryGet("r10", out _));
        Assert.True(ledger.TryGet("r11", out var kept));
        Assert.Equal(11, kept.Version);
        var back = System.Text.Json.JsonSerializer.Deserialize<RequestLedger>(System.Text.Json.JsonSerializer.Serialize(ledger))!;
        Assert.True(back.TryGet("r40", out var written));
        Assert.Equal(40, written.Version);
        Assert.False(back.TryGet("r10", out _));
    }
}
