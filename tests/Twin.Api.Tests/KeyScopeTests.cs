using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

/// <summary>
/// Keys limited to plants and to a purpose, over real HTTP: for each role × purpose, a key limited to one plant
/// reads, follows and (when role and purpose allow) commands that plant, and gets 403 naming any other plant.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class KeyScopeTests(ApiSiloFixture silo)
{
    private const string OtherPlant = "plant-scope-b";

    public static TheoryData<string, string> RolesAndPurposes()
    {
        var data = new TheoryData<string, string>();
        foreach (var (role, purpose) in TestKeys.Scoped.Keys)
        {
            data.Add(role, purpose);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RolesAndPurposes))]
    public async Task A_plant_limited_key_reaches_only_its_plant_and_only_for_its_purpose(string role, string purpose)
    {
        var key = TestKeys.Scoped[(role, purpose)];
        using var own = new PlantApp(silo.CreateClient(key), TestKeys.ScopedPlant);
        using var other = new PlantApp(silo.CreateClient(key), OtherPlant);

        var me = await own.Http.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal([TestKeys.ScopedPlant], me.GetProperty("plants").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(purpose, me.GetProperty("purpose").GetString());

        // Reads and the feed: its own plant yes, another plant never.
        await own.GetJsonAsync("machines");
        await using (await ChangeFeedTests.OpenAsync(own.Http, own.Url("changes")))
        {
        }

        await AssertPlantRefused(await other.Http.GetAsync(other.Url("machines")));
        await AssertPlantRefused(await other.Http.GetAsync(other.Url("erp")));
        var (feed, refusedFeed) = await SseReader.OpenAsync(other.Http, other.Url("changes"));
        Assert.Null(feed);
        await AssertPlantRefused(refusedFeed);

        // Commands: another plant is refused for the plant first, whatever the role.
        await AssertPlantRefused(await other.PostAsync("locations", new { locationId = PlantApp.NewId("loc"), name = "x" }));
        using var command = await own.PostAsync("locations", new { locationId = PlantApp.NewId("loc"), name = "Scoped rack" });
        if (purpose == "feeds")
        {
            var problem = await Problem.AssertAsync(command, HttpStatusCode.Forbidden, "purpose-not-allowed");
            Assert.Contains("feeds", problem.GetProperty("detail").GetString());
        }
        else if (role == "reader")
        {
            await Problem.AssertAsync(command, HttpStatusCode.Forbidden, "forbidden");
        }
        else
        {
            Assert.True(command.IsSuccessStatusCode, $"{role} key limited to its plant could not command it: {(int)command.StatusCode}");
        }

        using var replay = await own.PostAsync("erp/dead-letters/replay", null, requestId: null);
        if (role == "admin" && purpose == "all")
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        }
        else
        {
            await Problem.AssertAsync(replay, HttpStatusCode.Forbidden, purpose == "feeds" ? "purpose-not-allowed" : "forbidden");
        }
    }

    [Fact]
    public async Task Keys_without_a_plant_list_reach_every_plant()
    {
        foreach (var key in new[] { TestKeys.Reader, TestKeys.Operator, TestKeys.Admin })
        {
            using var http = silo.CreateClient(key);
            var me = await http.GetFromJsonAsync<JsonElement>("/api/me");
            Assert.Empty(me.GetProperty("plants").EnumerateArray());
            Assert.Equal("all", me.GetProperty("purpose").GetString());
            foreach (var plant in new[] { TestKeys.ScopedPlant, OtherPlant })
            {
                using var response = await http.GetAsync($"/api/plants/{plant}/machines");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
    }

    private static async Task AssertPlantRefused(HttpResponseMessage response)
    {
        using (response)
        {
            var problem = await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "plant-not-allowed");
            Assert.Equal(OtherPlant, problem.GetProperty("plant").GetString());
            Assert.Contains($"'{OtherPlant}'", problem.GetProperty("detail").GetString());
        }
    }
}
