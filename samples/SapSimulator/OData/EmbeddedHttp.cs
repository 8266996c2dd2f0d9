using System.Text;

namespace SapSimulator.OData;

/// <summary>The HTTP messages inside <c>$batch</c> parts (<c>application/http</c>): requests read, answers written.</summary>
public static class EmbeddedHttp
{
    public const string Crlf = "\r\n";

    /// <summary>"POST ProdnOrdConf2 HTTP/1.1", headers, blank line, body.</summary>
    public static ODataOperation ReadRequest(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/", StringComparison.Ordinal))
        {
            throw new FormatException($"'{lines[0]}' is not an HTTP request line");
        }

        var blank = Array.IndexOf(lines, string.Empty, 1);
        var body = blank < 0 ? string.Empty : string.Join('\n', lines[(blank + 1)..]).Trim();
        return new ODataOperation(requestLine[0].ToUpperInvariant(), requestLine[1], body);
    }

    public static void WriteAnswer(StringBuilder text, ODataAnswer answer)
    {
        text.Append("Content-Type: application/http").Append(Crlf);
        text.Append("Content-Transfer-Encoding: binary").Append(Crlf).Append(Crlf);
        text.Append("HTTP/1.1 ").Append(answer.Status).Append(' ').Append(Reason(answer.Status)).Append(Crlf);
        text.Append("Content-Type: application/json").Append(Crlf);
        if (answer.SapMessage is { } message)
        {
            text.Append("sap-message: ").Append(message).Append(Crlf);
        }

        text.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(answer.Body)).Append(Crlf).Append(Crlf);
        text.Append(answer.Body).Append(Crlf);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "Error",
    };
}
