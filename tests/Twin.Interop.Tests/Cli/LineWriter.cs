using System.Text;
using System.Threading.Channels;

namespace Twin.Interop.Tests.Cli;

/// <summary>A TextWriter that hands every completed line to a channel, so a test can wait for output as a signal.</summary>
internal sealed class LineWriter : TextWriter
{
    private readonly StringBuilder _current = new();
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _all = [];

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    public override void Write(char value)
    {
        lock (_all)
        {
            if (value == '\n')
            {
                var line = _current.ToString().TrimEnd('\r');
                _current.Clear();
                _all.Add(line);
                _lines.Writer.TryWrite(line);
            }
            else
            {
                _current.Append(value);
            }
        }
    }

    public async Task<string> NextLineAsync(TimeSpan timeout, string waitingFor)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _lines.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"The command printed no {waitingFor} within {timeout.TotalSeconds} s; so far: {string.Join(" | ", Lines)}");
        }
    }
}
