using System.Net;
using System.Text;

namespace Twin.Api.Tests.Infrastructure;

/// <summary>One server-sent event as a client sees it: <c>id:</c>, <c>event:</c>, the <c>data:</c> text; or a comment line.</summary>
internal sealed record SseMessage(string? Id, string? Event, string Data, string? Comment)
{
    public bool IsComment => Comment is not null;
}

/// <summary>
/// A change-feed client over real HTTP: opens the stream, then reads one frame at a time with a deadline, as an
/// EventSource would parse them (lines up to a blank line; ':' starts a comment).
/// </summary>
internal sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _lines;

    private SseReader(HttpResponseMessage response, StreamReader lines)
    {
        _response = response;
        _lines = lines;
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens <paramref name="url"/>; returns the response unread when it is not a 200 stream.</summary>
    public static async Task<(SseReader? Reader, HttpResponseMessage Response)> OpenAsync(HttpClient http, string url, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (null, response);
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new SseReader(response, new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8));
        var opening = await reader.NextAsync(TimeSpan.FromSeconds(10)); // the feed is attached once its first line is out
        Assert.True(opening.IsComment, $"the stream opened with {opening}");
        return (reader, response);
    }

    /// <summary>The next frame or comment; fails the test when none comes within <paramref name="timeout"/>.</summary>
    public async Task<SseMessage> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        string? id = null, name = null, comment = null;
        var data = new StringBuilder();
        while (true)
        {
            string? line;
            try
            {
                line = await _lines.ReadLineAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no server-sent event within {timeout}");
            }

            if (line is null)
            {
                throw new EndOfStreamException("the server ended the stream");
            }

            if (line.Length == 0)
            {
                if (comment is not null || data.Length > 0 || name is not null)
                {
                    return new SseMessage(id, name, data.ToString(), comment);
                }

                continue;
            }

            if (line[0] == ':')
            {
                comment = line[1..].Trim();
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "data": data.Append(data.Length > 0 ? "\n" : "").Append(value); break;
            }
        }
    }

    /// <summary>The next <paramref name="count"/> events (comments skipped).</summary>
    public async Task<List<SseMessage>> EventsAsync(int count, TimeSpan timeout)
    {
        var events = new List<SseMessage>(count);
        var until = DateTime.UtcNow + timeout;
        while (events.Count < count)
        {
            var left = until - DateTime.UtcNow;
            var next = await NextAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            if (!next.IsComment)
            {
                events.Add(next);
            }
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _lines.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
