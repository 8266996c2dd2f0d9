namespace Twin.Erp.Sap;

/// <summary>
/// Reads a <c>$batch</c> answer into one <see cref="SapBatchAnswer"/> per part sent. A changeset that succeeded
/// answers with a nested multipart (its first answer is taken: we send one request per changeset); one that failed
/// answers with a single error part for the whole changeset. Throws <see cref="FormatException"/> on an answer it
/// cannot read, which the caller treats as unknown: some parts may have been booked.
/// </summary>
internal static class SapBatchReader
{
    public static IReadOnlyList<SapBatchAnswer> Read(string contentType, string body)
    {
        var boundary = Boundary(contentType) ?? throw new FormatException($"the $batch answer is not multipart ({contentType})");
        var answers = new List<SapBatchAnswer>();
        foreach (var part in Parts(body, boundary))
        {
            var (headers, content) = SplitHead(part);
            var partType = Header(headers, "Content-Type") ?? string.Empty;
            if (partType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
            {
                var inner = Boundary(partType) ?? throw new FormatException("a changeset answer has no boundary");
                var first = Parts(content, inner).FirstOrDefault() ?? throw new FormatException("a changeset answer has no parts");
                answers.Add(ReadHttp(SplitHead(first).Content));
            }
            else
            {
                answers.Add(ReadHttp(content));
            }
        }

        return answers;
    }

    /// <summary>The parts between <c>--boundary</c> lines, up to <c>--boundary--</c>; the CRLF before a delimiter belongs to it.</summary>
    private static List<string> Parts(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        var parts = new List<string>();
        var position = FindDelimiter(body, delimiter, 0);
        if (position < 0)
        {
            throw new FormatException("a multipart answer has no delimiter line");
        }

        while (true)
        {
            var afterDelimiter = position + delimiter.Length;
            if (string.CompareOrdinal(body, afterDelimiter, "--", 0, 2) == 0)
            {
                return parts; // Close delimiter.
            }

            var lineEnd = body.IndexOf('\n', afterDelimiter);
            if (lineEnd < 0)
            {
                throw new FormatException("a multipart answer ends inside a delimiter line");
            }

            var next = FindDelimiter(body, delimiter, lineEnd + 1);
            if (next < 0)
            {
                throw new FormatException("a multipart answer ends without its close delimiter");
            }

            var end = next;
            if (end > lineEnd + 1 && body[end - 1] == '\n')
            {
                end--;
                if (end > lineEnd + 1 && body[end - 1] == '\r')
                {
                    end--;
                }
            }

            parts.Add(body[(lineEnd + 1)..Math.Max(end, lineEnd + 1)]);
            position = next;
        }
    }

    // A delimiter counts only at the start of a line, so a boundary-like string inside a body is not one.
    private static int FindDelimiter(string body, string delimiter, int from)
    {
        var at = from;
        while ((at = body.IndexOf(delimiter, at, StringComparison.Ordinal)) >= 0)
        {
            if (at == 0 || body[at - 1] == '\n')
            {
                return at;
            }

            at += delimiter.Length;
        }

        return -1;
    }

    private static SapBatchAnswer ReadHttp(string text)
    {
        var (head, body) = SplitHead(text);
        var statusLine = head.Count > 0 ? head[0] : string.Empty;
        var fields = statusLine.Split(' ', 3);
        if (fields.Length < 2 || !fields[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(fields[1], out var status))
        {
            throw new FormatException($"a $batch part has no HTTP status line ('{statusLine}')");
        }

        return new SapBatchAnswer(status, body, Header(head, "sap-message"));
    }

    private static (List<string> Head, string Content) SplitHead(string part)
    {
        var lines = new List<string>();
        var position = 0;
        while (position < part.Length)
        {
            var lineEnd = part.IndexOf('\n', position);
            var line = (lineEnd < 0 ? part[position..] : part[position..lineEnd]).TrimEnd('\r');
            position = lineEnd < 0 ? part.Length : lineEnd + 1;
            if (line.Length == 0)
            {
                return (lines, part[position..]);
            }

            lines.Add(line);
        }

        return (lines, string.Empty);
    }

    private static string? Header(List<string> head, string name)
    {
        foreach (var line in head)
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static string? Boundary(string contentType)
    {
        foreach (var parameter in contentType.Split(';').Skip(1))
        {
            var pair = parameter.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim().Equals("boundary", StringComparison.OrdinalIgnoreCase))
            {
                return pair[1].Trim().Trim('"');
            }
        }

        return null;
    }
}
