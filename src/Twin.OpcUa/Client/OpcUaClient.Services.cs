using Microsoft.Extensions.Logging.Abstractions;
using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Client;

public sealed partial class OpcUaClient
{
    /// <summary>Asks a server for its endpoints without creating a session.</summary>
    /// <exception cref="ServiceResultException">The server cannot be reached or refused; the message says why.</exception>
    public static async Task<IReadOnlyList<EndpointDescription>> GetEndpointsAsync(string endpointUrl, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(5);
        var channel = await ClientSecureChannel.OpenAsync(endpointUrl, Transport.TransportLimits.Default, DecodingLimits.Default, 60_000, wait,
            NullLogger.Instance, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        try
        {
            var request = new GetEndpointsRequest
            {
                RequestHeader = new RequestHeader { Timestamp = DateTime.UtcNow, RequestHandle = 1, TimeoutHint = (uint)wait.TotalMilliseconds },
                EndpointUrl = endpointUrl,
            };
            var response = await channel.SendRequestAsync(request, GetEndpointsResponse.EncodingId, GetEndpointsResponse.Decode, wait, cancellationToken).ConfigureAwait(false);
            if (response.ResponseHeader.ServiceResult.IsBad)
            {
                throw new ServiceResultException(response.ResponseHeader.ServiceResult, "GetEndpoints failed");
            }

            return response.Endpoints;
        }
        finally
        {
            await channel.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Lists the children of <paramref name="nodeId"/> (hierarchical references, forward), following
    /// continuation points until all are fetched.
    /// </summary>
    public async Task<IReadOnlyList<ReferenceDescription>> BrowseAsync(NodeId nodeId, CancellationToken cancellationToken = default)
    {
        var result = await BrowseAsync(new BrowseDescription { NodeId = nodeId }, 0, cancellationToken).ConfigureAwait(false);
        if (result.StatusCode.IsBad)
        {
            throw new ServiceResultException(result.StatusCode, $"Browse of {nodeId} failed");
        }

        var references = new List<ReferenceDescription>(result.References);
        var continuation = result.ContinuationPoint;
        while (continuation is { Length: > 0 })
        {
            var next = await BrowseNextAsync(continuation, release: false, cancellationToken).ConfigureAwait(false);
            if (next.StatusCode.IsBad)
            {
                throw new ServiceResultException(next.StatusCode, $"BrowseNext of {nodeId} failed");
            }

            references.AddRange(next.References);
            continuation = next.ContinuationPoint;
        }

        return references;
    }

    /// <summary>Browses one node with full control; returns the raw result with its continuation point.</summary>
    public async Task<BrowseResult> BrowseAsync(BrowseDescription description, uint maxReferencesPerNode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        var request = new BrowseRequest { RequestHeader = Header(), RequestedMaxReferencesPerNode = maxReferencesPerNode, NodesToBrowse = [description] };
        var response = await CallAsync(request, BrowseResponse.EncodingId, BrowseResponse.Decode, cancellationToken).ConfigureAwait(false);
        return Single(response.Results, "Browse");
    }

    /// <summary>Continues (or with <paramref name="release"/> frees) a browse from its continuation point.</summary>
    public async Task<BrowseResult> BrowseNextAsync(byte[] continuationPoint, bool release, CancellationToken cancellationToken = default)
    {
        var request = new BrowseNextRequest { RequestHeader = Header(), ReleaseContinuationPoints = release, ContinuationPoints = [continuationPoint] };
        var response = await CallAsync(request, BrowseNextResponse.EncodingId, BrowseNextResponse.Decode, cancellationToken).ConfigureAwait(false);
        return Single(response.Results, "BrowseNext");
    }

    /// <summary>Reads several attributes in one call; one DataValue per item, in order.</summary>
    public async Task<IReadOnlyList<DataValue>> ReadAsync(IReadOnlyList<ReadValueId> nodesToRead, TimestampsToReturn timestamps = TimestampsToReturn.Both, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodesToRead);
        var request = new ReadRequest { RequestHeader = Header(), TimestampsToReturn = timestamps, NodesToRead = nodesToRead };
        var response = await CallAsync(request, ReadResponse.EncodingId, ReadResponse.Decode, cancellationToken).ConfigureAwait(false);
        if (response.Results.Count != nodesToRead.Count)
        {
            throw new ServiceResultException(StatusCode.BadUnknownResponse, $"Read returned {response.Results.Count} results for {nodesToRead.Count} items");
        }

        return response.Results;
    }

    /// <summary>Reads the Value of one node (status and time stamps included; a bad status is not thrown).</summary>
    public async Task<DataValue> ReadValueAsync(NodeId nodeId, CancellationToken cancellationToken = default) =>
        (await ReadAsync([new ReadValueId { NodeId = nodeId }], TimestampsToReturn.Both, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Writes several attributes in one call; one status per item, in order.</summary>
    public async Task<IReadOnlyList<StatusCode>> WriteAsync(IReadOnlyList<WriteValue> nodesToWrite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodesToWrite);
        var request = new WriteRequest { RequestHeader = Header(), NodesToWrite = nodesToWrite };
        var response = await CallAsync(request, WriteResponse.EncodingId, WriteResponse.Decode, cancellationToken).ConfigureAwait(false);
        return response.Results;
    }

    /// <summary>Writes the Value of one node; returns the server's status for it.</summary>
    public async Task<StatusCode> WriteValueAsync(NodeId nodeId, Variant value, CancellationToken cancellationToken = default) =>
        (await WriteAsync([new WriteValue { NodeId = nodeId, Value = new DataValue(value) }], cancellationToken).ConfigureAwait(false))[0];

    private static T Single<T>(IReadOnlyList<T> results, string service) =>
        results.Count == 1 ? results[0] : throw new ServiceResultException(StatusCode.BadUnknownResponse, $"{service} returned {results.Count} results for 1 item");
}
