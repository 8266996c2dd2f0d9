using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Twin.Contracts;

namespace Twin.Hosting.Diagnostics;

/// <summary>
/// The silo's console format: the same two lines as .NET's simple format ("warn: Category[id]" and the message
/// indented), with the business correlation id of the work being handled on the first line when there is one
/// (<see cref="CorrelationLogScope"/>). The simple format with scopes on would also print ASP.NET Core's request,
/// connection and span scopes on every line — noise for a person reading a plant's log; structured sinks (OTLP, the
/// "json" formatter) keep every scope. Chosen with <c>Logging:Console:FormatterName</c> ("twin", the default here;
/// "simple" and "json" still work).
/// </summary>
internal sealed class TwinConsoleFormatter() : ConsoleFormatter(FormatName)
{
    public const string FormatName = "twin";
    private const string Indent = "      ";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(LevelOf(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write(']');
        if (CorrelationOf(scopeProvider) is { } correlation)
        {
            textWriter.Write(" correlation ");
            textWriter.Write(correlation);
        }

        textWriter.WriteLine();
        if (!string.IsNullOrEmpty(message))
        {
            WriteIndented(textWriter, message);
        }

        if (logEntry.Exception is { } exception)
        {
            WriteIndented(textWriter, exception.ToString());
        }
    }

    // Scopes are walked outermost first, so the innermost correlation wins: a twin handling a command inside a REST
    // request names the command's id.
    private static string? CorrelationOf(IExternalScopeProvider? scopes)
    {
        if (scopes is null)
        {
            return null;
        }

        var found = new StrongBox<string?>();
        scopes.ForEachScope(static (scope, box) =>
        {
            if (scope is CorrelationLogScope correlation)
            {
                box.Value = correlation.CorrelationId;
            }
        }, found);
        return found.Value;
    }

    private static void WriteIndented(TextWriter writer, string text)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            writer.Write(Indent);
            writer.Write(line);
            writer.WriteLine();
        }
    }

    private static string LevelOf(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
