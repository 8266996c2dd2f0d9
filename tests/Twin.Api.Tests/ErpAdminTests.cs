using System.Net;
using System.Text.Json;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

/// <summary>ERP synchronisation over REST: anyone reads the queue figures and dead letters, only admins replay.</summary>
[Collection(ApiCollection.Name)]
public sealed class ErpAdminTests(ApiSiloFixture silo)
{
    [Fact]
    public async Task Reader_sees_figures_and_dead_letters()
    {
        using var app = PlantApp.For(silo, TestKeys.Reader);
        var figures = await app.GetJsonAsync("erp");
        Assert.Equal(app.Plant, figures.GetProperty("plant").GetString());
        Assert.Equal(JsonValueKind.Array, (await app.GetJsonAsync("erp/dead-letters")).ValueKind);
    }

    [Fact]
    public async Task Operator_replay_is_403_admin_replay_of_an_unknown_key_is_404_and_replay_all_answers_a_count()
    {
        using var operatorApp = PlantApp.For(silo, TestKeys.Operator);
        using (var forbidden = await operatorApp.PostAsync("erp/dead-letters/k-1/replay", null))
        {
            var problem = await Problem.AssertAsync(forbidden, HttpStatusCode.Forbidden, "forbidden");
            Assert.Contains("admin", problem.GetProperty("detail").GetString());
        }

        using var admin = new PlantApp(silo.CreateClient(TestKeys.Admin), operatorApp.Plant);
        using (var unknown = await admin.PostAsync("erp/dead-letters/k-1/replay", null))
        {
            await Problem.AssertAsync(unknown, HttpStatusCode.NotFound, "dead-letter-not-found");
        }

        var all = await admin.CommandAsync("erp/dead-letters/replay", null);
        Assert.Equal(0, all.GetProperty("replayed").GetInt32());
    }
}
