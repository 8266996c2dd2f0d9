using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Twin.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Twin.Api.Tests.PlantView;

/// <summary>
/// The plant view in a real browser: a person opens /plant/{plant}, is sent to /login, signs in with a key and sees
/// the plant — machines by line, the order's progress, the held lot — then a machine's status changes and the page
/// shows it within seconds without a reload. Checked on the DOM and on screenshots (the status colours on the card).
/// Screenshots are kept in the test output folder (plant-view-*.png) for a person to look at.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PlantViewBrowserTests(ApiSiloFixture silo, ITestOutputHelper output)
{
    // The page's status colours (plant.css): Running and Down.
    private static readonly (byte R, byte G, byte B) Running = (0x1f, 0x8a, 0x3b);
    private static readonly (byte R, byte G, byte B) Down = (0xc6, 0x28, 0x28);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [SkippableFact]
    public async Task Plant_view_shows_the_plant_and_follows_a_machine_status_change_live()
    {
        Skip.If(HeadlessChromium.Missing is not null, HeadlessChromium.Missing);
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var scenario = await PlantViewScenario.CreateAsync(app);

        using var browser = HeadlessChromium.Start();
        browser.Navigate().GoToUrl(new Uri(silo.BaseAddress, $"/plant/{app.Plant}"));
        // No session yet: the page sends the browser to the sign-in form, which brings it back after the key.
        Until(browser, () => browser.Url.Contains("/login", StringComparison.Ordinal), "the login page");
        browser.FindElement(By.Id("key")).SendKeys(TestKeys.Reader);
        browser.FindElement(By.CssSelector("form button[type=submit]")).Click();

        var press = Until(browser, () => Card(browser, scenario.Press) is { } c && c.GetAttribute("data-status") == "Running" ? c : null, "the press card, Running");
        Until(browser, () => browser.FindElement(By.Id("live")).Text == "live" ? true : (bool?)null, "the change feed open");
        Assert.Equal($"/plant/{app.Plant}", new Uri(browser.Url).AbsolutePath);

        // What a person reads: lines, names and reasons as typed (markup shown as text, never run), the order's progress.
        var lines = browser.FindElements(By.CssSelector("#lines h3")).Select(h => h.Text).ToArray();
        Assert.Equal(["LINE-1", "LINE-2"], lines);
        Assert.Contains("Press <3>", press.Text, StringComparison.Ordinal);
        Assert.Contains($"Order {scenario.Order} · op 10", press.Text, StringComparison.Ordinal);
        Assert.Equal("Idle", Card(browser, scenario.Lathe)!.GetAttribute("data-status"));
        var order = browser.FindElement(By.Id("orders-body")).Text;
        Assert.Contains(scenario.Order, order, StringComparison.Ordinal);
        Assert.Contains("40 / 100 pcs", order, StringComparison.Ordinal);
        var holds = browser.FindElement(By.Id("holds-body"));
        Assert.Contains(scenario.HeldLot, holds.Text, StringComparison.Ordinal);
        Assert.Contains(PlantViewScenario.HoldReason, holds.Text, StringComparison.Ordinal);
        Assert.Empty(holds.FindElements(By.TagName("b")));
        Assert.Contains("Pending", browser.FindElement(By.Id("erp-figures")).Text, StringComparison.Ordinal);

        // KPIs and objectives: one row per KPI with its state; the held lot is past the fixture's hold limit.
        var kpis = browser.FindElements(By.CssSelector("#kpis-body tr"));
        Assert.Equal(6, kpis.Count);
        var holdKpi = kpis.Single(r => r.GetAttribute("data-kpi") == "Quality holds overdue");
        Assert.Equal("false", holdKpi.GetAttribute("data-ok"));
        Assert.Contains("attention", holdKpi.Text, StringComparison.Ordinal);
        Assert.Contains(scenario.HeldLot, holdKpi.Text, StringComparison.Ordinal);
        Assert.Equal("true", kpis.Single(r => r.GetAttribute("data-kpi") == "Delayed confirmations").GetAttribute("data-ok"));
        Assert.Contains("need attention", browser.FindElement(By.Id("kpis-verdict")).Text, StringComparison.Ordinal);
        var objectives = browser.FindElements(By.CssSelector("#objectives-body tr")).Select(r => r.GetAttribute("data-workflow") ?? "").ToArray();
        Assert.Equal(["machine-telemetry", "warehouse-movement", "erp-posting"], objectives);

        var page = Screenshot(browser, "plant-view-1-loaded.png");
        Assert.True(page.DistinctColours() > 20, $"the page screenshot has {page.DistinctColours()} colours: nothing rendered?");
        var before = PngPixels.Decode(((ITakesScreenshot)press).GetScreenshot().AsByteArray);
        Assert.True(before.Count(Running.R, Running.G, Running.B) > 300, $"the Running card shows {before.Count(Running.R, Running.G, Running.B)} green pixels");
        Assert.True(before.Count(Down.R, Down.G, Down.B) < 20);

        // The status changes on the shop floor: the page follows it from the change feed, without reloading.
        browser.ExecuteScript("window.__twinSameDocument = true;");
        await app.CommandAsync($"machines/{scenario.Press}/status", new { status = "Down", reason = "hydraulic pressure low" });
        var changed = Until(browser, () => Card(browser, scenario.Press) is { } c && c.GetAttribute("data-status") == "Down" ? c : null, "the press card, Down");
        Assert.Equal(true, browser.ExecuteScript("return window.__twinSameDocument === true;"));
        var after = PngPixels.Decode(((ITakesScreenshot)changed).GetScreenshot().AsByteArray);
        Screenshot(browser, "plant-view-2-machine-down.png");
        Assert.True(after.Count(Down.R, Down.G, Down.B) > 300, $"the Down card shows {after.Count(Down.R, Down.G, Down.B)} red pixels");
        Assert.True(after.Count(Running.R, Running.G, Running.B) < 20, "the card still shows Running's green");

        // The page broke no rule of its own content security policy and threw nothing.
        var complaints = browser.Manage().Logs.GetLog(LogType.Browser)
            .Where(e => e.Message.Contains("Content Security Policy", StringComparison.Ordinal) || e.Message.Contains("Uncaught", StringComparison.Ordinal))
            .Select(e => e.Message).ToArray();
        Assert.True(complaints.Length == 0, string.Join(Environment.NewLine, complaints));
    }

    private static IWebElement? Card(ChromeDriver browser, string machineId) =>
        browser.FindElements(By.CssSelector("article.machine")).FirstOrDefault(c => c.GetAttribute("data-machine") == machineId);

    private PngPixels Screenshot(ChromeDriver browser, string name)
    {
        var shot = browser.GetScreenshot();
        var path = Path.Combine(AppContext.BaseDirectory, name);
        shot.SaveAsFile(path);
        output.WriteLine($"screenshot: {path}");
        return PngPixels.Decode(shot.AsByteArray);
    }

    private static T Until<T>(ChromeDriver browser, Func<T?> probe, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                if (probe() is { } found && found is not false)
                {
                    return found;
                }
            }
            catch (StaleElementReferenceException)
            {
                // The page re-rendered the element between finding and reading it: look again.
            }

            if (DateTime.UtcNow > deadline)
            {
                var problem = browser.FindElements(By.Id("problem")).FirstOrDefault()?.Text;
                throw new TimeoutException($"{what} did not appear within {Patience.TotalSeconds} s at {browser.Url}; page problem: '{problem}'.");
            }

            Thread.Sleep(100);
        }
    }
}
