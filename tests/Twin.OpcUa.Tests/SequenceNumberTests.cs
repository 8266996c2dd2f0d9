using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Tests;

/// <summary>Chunk sequence numbers: consecutive, wrapping as Part 6 §6.7.2.4 allows, anything else refused.</summary>
public sealed class SequenceNumberTests
{
    [Fact]
    public void Consecutive_numbers_are_accepted_and_a_gap_or_replay_is_refused()
    {
        var check = new SequenceNumberCheck();
        check.Accept(51);
        check.Accept(52);
        Assert.Equal(StatusCode.BadSequenceNumberInvalid, Assert.Throws<OpcUaProtocolException>(() => check.Accept(54)).Status);
        var replay = new SequenceNumberCheck();
        replay.Accept(7);
        Assert.Throws<OpcUaProtocolException>(() => replay.Accept(7));
    }

    [Fact]
    public void Numbers_wrap_to_a_small_value_after_the_top_of_the_range()
    {
        var check = new SequenceNumberCheck();
        check.Accept(uint.MaxValue - 100);
        check.Accept(3);
        check.Accept(4);
        Assert.Equal(1u, SequenceNumberCheck.Next(uint.MaxValue - 1024));
        Assert.Equal(11u, SequenceNumberCheck.Next(10));
    }
}
