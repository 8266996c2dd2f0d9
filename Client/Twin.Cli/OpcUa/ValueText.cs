using System.Globalization;
using Twin.OpcUa.Encoding;

namespace Twin.Cli.OpcUa;

/// <summary>How values, statuses and time stamps look on screen: invariant culture, UTC, ISO 8601.</summary>
internal static class ValueText
{
    private const int ArrayItemsShown = 10;

    public static string Of(Variant value)
    {
        if (value.IsNull)
        {
            return "null";
        }

        if (value.Value is Array array and not byte[])
        {
            var shown = array.Cast<object?>().Take(ArrayItemsShown).Select(Scalar);
            var more = array.Length > ArrayItemsShown ? $", … ({array.Length} items)" : string.Empty;
            return $"[{string.Join(", ", shown)}{more}]";
        }

        return Scalar(value.Value);
    }

    /// <summary>"UInt32" or "Double[]".</summary>
    public static string TypeOf(Variant value) => value.IsNull ? "Null" : value.IsArray ? $"{value.Type}[]" : value.Type.ToString();

    /// <summary>
    /// "Good", or the status name with its code, e.g. "BadNodeIdUnknown (0x80340000)"; the Overflow info bit is said
    /// in words, since "Good (0x00000480)" tells an operator nothing.
    /// </summary>
    public static string Status(StatusCode status)
    {
        if (status.IsOverflow)
        {
            var severity = status.IsGood ? "Good" : status.IsBad ? "Bad" : "Uncertain";
            return $"{severity}, overflow (0x{status.Code:X8}): the server's queue for this item was full and it dropped older values before this one; raise the queue size or publish faster";
        }

        return status == StatusCode.Good ? "Good" : status.ToString();
    }

    public static string Time(DateTime time) => time == default ? "-" : time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => Time(t),
        byte[] bytes => bytes.Length <= 32 ? $"0x{Convert.ToHexString(bytes)}" : $"0x{Convert.ToHexString(bytes, 0, 32)}… ({bytes.Length} bytes)",
        LocalizedText text => text.Locale is null ? $"\"{text.Text}\"" : $"\"{text.Text}\" ({text.Locale})",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
