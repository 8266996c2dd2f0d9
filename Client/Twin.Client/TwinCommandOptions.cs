using System.Diagnostics;
using Twin.Contracts;

namespace Twin.Client;

/// <summary>
/// Optional identity of one command. Leave <see cref="RequestId"/> empty to get a new one; set it (and
/// reuse it) when you may retry, so a retry returns the first outcome instead of applying twice.
/// </summary>
public sealed record TwinCommandOptions
{
    /// <summary>The request id; a retry with the same id is answered with the first outcome (<see cref="CommandResult.Duplicate"/>).</summary>
    public string? RequestId { get; init; }

    /// <summary>Correlation id to follow the work into events and the ERP; defaults to the current trace id or a new id.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The person or system acting (recorded in history and on holds).</summary>
    public string? User { get; init; }

    internal CommandContext ToContext(string? defaultUser)
    {
        var requestId = string.IsNullOrWhiteSpace(RequestId) ? Guid.NewGuid().ToString("N") : RequestId;
        var correlationId = !string.IsNullOrWhiteSpace(CorrelationId) ? CorrelationId
            : Activity.Current is { } activity ? activity.TraceId.ToHexString()
            : Guid.NewGuid().ToString("N");
        return new CommandContext(requestId, correlationId, User ?? defaultUser);
    }

    internal static CommandContext Context(TwinCommandOptions? options, string? defaultUser) =>
        (options ?? Default).ToContext(defaultUser);

    private static readonly TwinCommandOptions Default = new();
}
