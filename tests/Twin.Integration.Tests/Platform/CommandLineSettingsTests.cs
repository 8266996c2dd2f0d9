using System.Net;
using System.Security.Cryptography;
using System.Text;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// Every setting works on the real silo's command line as --Section:Key=value or --Section:Key value,
/// and the command line wins over the environment.
/// </summary>
public sealed class CommandLineSettingsTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Api_key_given_as_colon_settings_wins_over_the_environment()
    {
        const string key = "twin_cafe0001_command-line-key-for-the-settings-test";
        const string environmentKey = "twin_cafe0002_environment-key-that-must-lose";
        var environment = new Dictionary<string, string>
        {
            ["Twin__Api__Keys__0__Name"] = "from-environment",
            ["Twin__Api__Keys__0__Hash"] = Hash(environmentKey),
            ["Twin__Api__Keys__0__Role"] = "reader",
        };

        await using var silo = SiloProcess.Start(
            environment,
            "--Twin:Api:Keys:0:Name=from-command-line",
            "--Twin:Api:Keys:0:Hash", Hash(key),
            "--Twin:Api:Keys:0:Role=operator");
        await silo.WaitUntilReadyAsync(_timeout);

        using var http = new HttpClient { BaseAddress = silo.HttpBase };
        Assert.Equal(HttpStatusCode.OK, await StatusWith(http, key));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(http, environmentKey));
    }

    [Fact]
    public async Task Colon_setting_in_space_form_wins_over_the_environment()
    {
        // The environment says embedded (valid); the command line says cloud, so the silo must refuse cloud.
        var output = await RunExpectingFailure(["--Twin:Profile", "cloud"], new() { ["Twin__Profile"] = "embedded" });
        Assert.Contains("Twin:Profile 'cloud' is not a profile", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_colon_setting_is_refused_in_one_line()
    {
        var output = await RunExpectingFailure(["--Twin:SiloPrt=1234"]);
        Assert.Contains("Unknown setting Twin:SiloPrt", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Colon_setting_without_value_is_refused_in_one_line()
    {
        var output = await RunExpectingFailure(["--Erp:Connector:BaseUrl"], expectedExitCode: 2);
        Assert.Contains("--Erp:Connector:BaseUrl", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_plain_option_is_still_refused()
    {
        var output = await RunExpectingFailure(["--Twin:ClusterId=a", "--frobnicate"], expectedExitCode: 2);
        Assert.Contains("--frobnicate", output, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> StatusWith(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("X-Api-Key", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static string Hash(string key) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static Task<string> RunExpectingFailure(string[] arguments, Dictionary<string, string>? environment = null, int expectedExitCode = 1) =>
        ConfigurationErrorTests.RunExpectingFailure(arguments, environment, expectedExitCode);
}
