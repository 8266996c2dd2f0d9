namespace Twin.Contracts;

/// <summary>How one OPC UA connection is doing, for dashboards and operators.</summary>
/// <param name="ConnectionId">"plant:connection-name".</param>
/// <param name="Plant">Plant id.</param>
/// <param name="EndpointUrl">The server address.</param>
/// <param name="State">NotConfigured, Connecting, Connected, Reconnecting, Disconnected or Closed.</param>
/// <param name="LastDataAt">When the last value change arrived (null: none yet).</param>
/// <param name="Notifications">Value changes received.</param>
/// <param name="PublishResponses">Publish responses with value changes received.</param>
/// <param name="BatchesPublished">Machine signal batches handed to the machine twins (one per machine per Publish response).</param>
/// <param name="Buffered">Batches waiting to be put on the stream (backpressure from the stream shows here).</param>
/// <param name="Gaps">Times the server lost notifications for good.</param>
/// <param name="GapMessages">Notification messages lost in those gaps (-1 inside means unknown size, counted as 1).</param>
/// <param name="UnknownNodeIds">Notifications for nodes the tag map does not know, or tags the server refused (node id and reason).</param>
/// <param name="UnknownNodeCount">How many such notifications or refused tags in all.</param>
/// <param name="Reconnects">Times the connection was re-established.</param>
/// <param name="LastError">The last problem, in words.</param>
/// <param name="Tags">Tags configured on the connection.</param>
/// <param name="ConnectedSince">When the current session became active.</param>
/// <param name="OverflowedValues">
/// Values that arrived with the Overflow bit: the server's queue for that item was full and it dropped older values
/// before them (not lost in transit; raise the tag's queue size or publish faster).
/// </param>
[GenerateSerializer, Immutable]
public sealed record IngestConnectionHealth(
    [property: Id(0)] string ConnectionId,
    [property: Id(1)] string Plant,
    [property: Id(2)] string EndpointUrl,
    [property: Id(3)] string State,
    [property: Id(4)] DateTimeOffset? LastDataAt,
    [property: Id(5)] long Notifications,
    [property: Id(6)] long PublishResponses,
    [property: Id(7)] long BatchesPublished,
    [property: Id(8)] int Buffered,
    [property: Id(9)] long Gaps,
    [property: Id(10)] long GapMessages,
    [property: Id(11)] IReadOnlyList<string> UnknownNodeIds,
    [property: Id(12)] long UnknownNodeCount,
    [property: Id(13)] int Reconnects,
    [property: Id(14)] string? LastError,
    [property: Id(15)] int Tags,
    [property: Id(16)] DateTimeOffset? ConnectedSince,
    [property: Id(17)] long OverflowedValues = 0);
