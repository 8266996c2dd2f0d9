namespace Twin.Erp.Connector;

/// <summary>Start-time checks the ERP-shaped connectors' settings share, each failing with one line naming what to put there.</summary>
internal static class ConnectorSettingChecks
{
    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>A service path relative to the ERP's base address.</summary>
    public static void CheckPath(List<string> errors, string section, string setting, string path)
    {
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/'))
        {
            errors.Add($"{section}:{setting} is '{path}'; set the service path, starting with '/'.");
        }
    }
}
