using Twin.Contracts;
using Twin.Domain;

namespace Twin.Grains.Tests;

public sealed class ContractTests
{
    [Fact]
    public void Every_domain_error_code_is_published_in_the_contracts()
    {
        var domainCodes = typeof(DomainErrors).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
        Assert.All(domainCodes, code => Assert.Contains(code, TwinErrorCodes.All));
    }

    [Theory]
    [InlineData(TwinErrorCodes.InvalidId, TwinErrorKind.InvalidInput)]
    [InlineData(TwinErrorCodes.InvalidQuantity, TwinErrorKind.InvalidInput)]
    [InlineData(TwinErrorCodes.LotNotFound, TwinErrorKind.NotFound)]
    [InlineData(TwinErrorCodes.InsufficientStock, TwinErrorKind.Conflict)]
    [InlineData(TwinErrorCodes.OrderNotReleased, TwinErrorKind.Conflict)]
    [InlineData(TwinErrorCodes.StockOnHold, TwinErrorKind.Conflict)]
    [InlineData("some-future-rule", TwinErrorKind.Conflict)]
    public void Error_codes_map_to_their_kind(string code, TwinErrorKind kind) => Assert.Equal(kind, TwinErrorCodes.KindOf(code));

    [Theory]
    [InlineData("PRESS-03")]
    [InlineData("wo.4711")]
    [InlineData("L:88_a")]
    [InlineData("a")]
    public void Valid_ids_pass(string id) => Assert.Null(TwinIds.Problem(id));

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("", "missing")]
    [InlineData("-lead", "must start")]
    [InlineData("has space", "' '")]
    [InlineData("slash/inside", "'/'")]
    [InlineData("ümlaut", "must start")]
    public void Invalid_ids_are_explained(string? id, string expected) => Assert.Contains(expected, TwinIds.Problem(id, "lot id"));

    [Fact]
    public void Ids_are_bounded_in_length_and_request_ids_may_carry_derived_steps()
    {
        Assert.Null(TwinIds.Problem(new string('a', TwinIds.MaxLength)));
        Assert.Contains("at most 64", TwinIds.Problem(new string('a', TwinIds.MaxLength + 1)));
        Assert.Null(TwinIds.RequestIdProblem("req-1/issue/lot"));
    }
}
