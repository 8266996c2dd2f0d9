using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Twin.Api.Tests.PlantView;

/// <summary>
/// Debian's chromium, headless, driven through Debian's chromium-driver (the same version, so nothing is downloaded).
/// tests/tools/chromium.sh installs both and exports their paths; <see cref="Missing"/> says what is absent.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string? Browser = Find("TWIN_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static readonly string? Driver = Find("TWIN_CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    /// <summary>Why no browser test can run here, or null when both are installed.</summary>
    public static string? Missing =>
        Browser is not null && Driver is not null
            ? null
            : $"Chromium could not be provisioned (browser: {Browser ?? "missing"}, driver: {Driver ?? "missing"}); " +
              "run `source tests/tools/chromium.sh && twin_chromium_provision` (installs Debian's chromium and chromium-driver).";

    public static ChromeDriver Start()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver)!);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Browser };
        // A throw-away profile per run; no sandbox (tests run as root in CI); a fixed window so screenshots compare.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--window-size=1400,1000", "--lang=en-GB",
            "--user-data-dir=" + Directory.CreateTempSubdirectory("twin-chromium-").FullName);
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private static string? Find(string variable, params string[] candidates) =>
        new[] { Environment.GetEnvironmentVariable(variable) }.Concat(candidates).FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));
}
