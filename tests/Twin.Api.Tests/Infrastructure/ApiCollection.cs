namespace Twin.Api.Tests.Infrastructure;

/// <summary>All REST and SDK tests share one co-hosted silo: starting one takes seconds, the budget is minutes.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiSiloFixture>
{
    public const string Name = "api-silo";
}
