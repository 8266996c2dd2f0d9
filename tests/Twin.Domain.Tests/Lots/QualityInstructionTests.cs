using Twin.Domain.Inventory;
using Twin.Domain.Lots;

namespace Twin.Domain.Tests.Lots;

/// <summary>The QMS and WMS instructions' rules: reason codes, which locations an instruction names, what is owed.</summary>
public sealed class QualityInstructionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);

    private static LotTwin LotAt(params string[] locations)
    {
        var lot = new LotTwin();
        foreach (var location in locations)
        {
            lot.Inflow("P1", "STEEL", 10, "kg", location, new LotSource(0, "GR-1"), [], LotStatus.Unrestricted);
        }
        return lot;
    }

    private static string Code(Action action) => Assert.Throws<DomainRuleException>(action).Code;

    [Fact]
    public void A_hold_keeps_the_qms_reason_code_and_owes_an_instruction_asking_every_location()
    {
        var lot = LotAt("RAW-1", "RAW-2");
        lot.StatusPushed("RAW-1"); // nothing pending before the hold
        lot.PlaceOnHold(LotStatus.Blocked, "cracks", "qa.jane", T0, "QN-2026-00042");
        lot.OweInstruction("req-1", "corr-1", "cracks", "QN-2026-00042", "qa.jane", T0);

        Assert.Equal("QN-2026-00042", lot.Hold!.ReasonCode);
        Assert.Equal(new OwedQualityInstruction("req-1", "corr-1", true, LotStatus.Blocked, "cracks", "QN-2026-00042", "qa.jane", T0), lot.OwedInstruction);
        Assert.Equal(["RAW-1", "RAW-2"], lot.InstructionTargets);
    }

    [Fact]
    public void Sending_names_the_locations_that_hold_some_of_the_lot_or_could_not_be_asked_and_clears_the_debt()
    {
        var lot = LotAt("RAW-1", "RAW-2", "RAW-3");
        lot.PlaceOnHold(LotStatus.QualityHold, "porosity", "qa", T0);
        lot.OweInstruction("req-1", "corr-1", "porosity", null, "qa", T0);

        var sent = lot.SendInstruction([new("RAW-1", 10), new("RAW-2", 0), new("RAW-3", null)]);

        Assert.NotNull(sent);
        Assert.True(sent.Value.Instruction.Hold);
        Assert.Equal([new LotQuantityAt("RAW-1", 10), new LotQuantityAt("RAW-3", null)], sent.Value.Locations);
        Assert.Null(lot.OwedInstruction);
        Assert.Null(lot.SendInstruction([new("RAW-1", 10)])); // sent once
    }

    [Fact]
    public void A_release_owes_a_release_instruction_that_replaces_an_unsent_hold()
    {
        var lot = LotAt("RAW-1");
        lot.PlaceOnHold(LotStatus.QualityHold, "porosity", "qa", T0);
        lot.OweInstruction("req-1", "corr-1", "porosity", null, "qa", T0);
        lot.Release("re-inspected", "qa", "QN-OK");
        lot.OweInstruction("req-2", "corr-2", "re-inspected", "QN-OK", "qa", T0.AddHours(1));

        Assert.False(lot.OwedInstruction!.Hold);
        Assert.Equal(LotStatus.Unrestricted, lot.OwedInstruction.Status);
        Assert.Equal(("req-2", "QN-OK"), (lot.OwedInstruction.RequestId, lot.OwedInstruction.ReasonCode));
    }

    [Fact]
    public void Without_an_instruction_owed_only_the_locations_not_yet_told_are_asked()
    {
        var lot = LotAt("RAW-1", "RAW-2");
        lot.PlaceOnHold(LotStatus.QualityHold, "porosity", "qa", T0);
        lot.StatusPushed("RAW-1");
        Assert.Equal(["RAW-2"], lot.InstructionTargets);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("QN\n42")]
    public void A_blank_or_control_character_reason_code_is_refused(string code)
    {
        var lot = LotAt("RAW-1");
        Assert.Equal(DomainErrors.InvalidCommand, Code(() => lot.PlaceOnHold(LotStatus.QualityHold, "porosity", "qa", T0, code)));
        Assert.Equal(LotStatus.Unrestricted, lot.Status); // nothing changed
    }

    [Fact]
    public void A_reason_code_longer_than_64_characters_is_refused_on_hold_and_release()
    {
        var lot = LotAt("RAW-1");
        Assert.Equal(DomainErrors.InvalidCommand, Code(() => lot.PlaceOnHold(LotStatus.QualityHold, "porosity", "qa", T0, new string('Q', 65))));
        lot.PlaceOnHold(LotStatus.QualityHold, "porosity", "qa", T0, new string('Q', 64));
        Assert.Equal(DomainErrors.InvalidCommand, Code(() => lot.Release("ok", "qa", new string('Q', 65))));
        Assert.Equal(LotStatus.QualityHold, lot.Status);
    }

    [Fact]
    public void Only_work_order_output_is_staged_for_put_away()
    {
        Assert.True(PutAway.IsStaged(producedHere: true));
        Assert.False(PutAway.IsStaged(producedHere: false));
    }
}
