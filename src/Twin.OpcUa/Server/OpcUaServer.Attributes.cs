using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server.Sampling;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Server;

public sealed partial class OpcUaServer
{
    private const int MaxContinuationPointsPerSession = 10;

    private static readonly Dictionary<uint, (string Name, NodeClass Class)> TypeNames = new()
    {
        [61] = ("FolderType", NodeClass.ObjectType),
        [58] = ("BaseObjectType", NodeClass.ObjectType),
        [63] = ("BaseDataVariableType", NodeClass.VariableType),
        [68] = ("PropertyType", NodeClass.VariableType),
        [2004] = ("ServerType", NodeClass.ObjectType),
    };

    private BrowseResponse Browse(SessionState session, BrowseRequest request)
    {
        CheckOperationCount(request.NodesToBrowse.Count);
        var results = request.NodesToBrowse.Select(d => BrowseOne(session, d, request.RequestedMaxReferencesPerNode)).ToList();
        return new BrowseResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results };
    }

    private BrowseResult BrowseOne(SessionState session, BrowseDescription description, uint maxReferences)
    {
        if (!AddressSpace.TryGetNode(description.NodeId, out var node))
        {
            return new BrowseResult { StatusCode = StatusCode.BadNodeIdUnknown };
        }

        if (description.BrowseDirection is < BrowseDirection.Forward or > BrowseDirection.Both)
        {
            return new BrowseResult { StatusCode = StatusCode.BadBrowseDirectionInvalid };
        }

        var found = new List<ReferenceDescription>();
        foreach (var reference in node.References)
        {
            if (description.BrowseDirection == BrowseDirection.Forward && !reference.IsForward
                || description.BrowseDirection == BrowseDirection.Inverse && reference.IsForward
                || !ReferenceTypes.Matches(reference.ReferenceTypeId, description.ReferenceTypeId, description.IncludeSubtypes))
            {
                continue;
            }

            var target = Describe(reference, description.ResultMask);
            if (description.NodeClassMask != 0 && ((uint)target.NodeClass & description.NodeClassMask) == 0)
            {
                continue;
            }

            found.Add(target);
        }

        if (maxReferences == 0 || found.Count <= maxReferences)
        {
            return new BrowseResult { StatusCode = StatusCode.Good, References = found };
        }

        var rest = found.Skip((int)maxReferences).ToList();
        var key = Guid.NewGuid();
        lock (session.ContinuationPoints)
        {
            if (session.ContinuationPoints.Count >= MaxContinuationPointsPerSession)
            {
                return new BrowseResult { StatusCode = StatusCode.BadNoContinuationPoints };
            }

            session.ContinuationPoints[key] = rest;
        }

        return new BrowseResult { StatusCode = StatusCode.Good, References = found.Take((int)maxReferences).ToList(), ContinuationPoint = key.ToByteArray() };
    }

    private ReferenceDescription Describe(NodeReference reference, uint resultMask)
    {
        var description = new ReferenceDescription { ReferenceTypeId = reference.ReferenceTypeId, IsForward = reference.IsForward, NodeId = reference.TargetId };
        if (AddressSpace.TryGetNode(reference.TargetId, out var target))
        {
            description = description with
            {
                BrowseName = target.BrowseName,
                DisplayName = target.DisplayName,
                NodeClass = target.NodeClass,
                TypeDefinition = target.TypeDefinition,
            };
        }
        else if (reference.TargetId.NamespaceIndex == 0 && TypeNames.TryGetValue(reference.TargetId.NumericIdentifier, out var type))
        {
            description = description with { BrowseName = new QualifiedName(0, type.Name), DisplayName = type.Name, NodeClass = type.Class };
        }

        // ResultMask bits: 1 reference type, 2 direction, 4 node class, 8 browse name, 16 display name, 32 type definition.
        return description with
        {
            ReferenceTypeId = (resultMask & 1) != 0 ? description.ReferenceTypeId : NodeId.Null,
            NodeClass = (resultMask & 4) != 0 ? description.NodeClass : NodeClass.Unspecified,
            BrowseName = (resultMask & 8) != 0 ? description.BrowseName : default,
            DisplayName = (resultMask & 16) != 0 ? description.DisplayName : default,
            TypeDefinition = (resultMask & 32) != 0 ? description.TypeDefinition : default,
        };
    }

    private BrowseNextResponse BrowseNext(SessionState session, BrowseNextRequest request)
    {
        CheckOperationCount(request.ContinuationPoints.Count);
        var results = new List<BrowseResult>();
        foreach (var point in request.ContinuationPoints)
        {
            List<ReferenceDescription>? rest = null;
            if (point is { Length: 16 })
            {
                lock (session.ContinuationPoints)
                {
                    session.ContinuationPoints.Remove(new Guid(point), out rest);
                }
            }

            results.Add(rest is null
                ? new BrowseResult { StatusCode = StatusCode.BadContinuationPointInvalid }
                : new BrowseResult { StatusCode = StatusCode.Good, References = request.ReleaseContinuationPoints ? [] : rest });
        }

        return new BrowseNextResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results };
    }

    private ReadResponse Read(ReadRequest request)
    {
        CheckOperationCount(request.NodesToRead.Count);
        if (request.TimestampsToReturn is < TimestampsToReturn.Source or > TimestampsToReturn.Neither)
        {
            throw new ServiceResultException(StatusCode.BadTimestampsToReturnInvalid, "Invalid TimestampsToReturn");
        }

        var now = DateTime.UtcNow;
        var results = new DataValue[request.NodesToRead.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var item = request.NodesToRead[i];
            results[i] = !AddressSpace.TryGetNode(item.NodeId, out var node)
                ? new DataValue(Variant.Null, StatusCode.BadNodeIdUnknown)
                : item.IndexRange is not null
                    ? new DataValue(Variant.Null, StatusCode.BadIndexRangeInvalid)
                    : node.ReadAttribute(item.AttributeId, request.TimestampsToReturn, now);
        }

        return new ReadResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results };
    }

    private WriteResponse Write(WriteRequest request)
    {
        CheckOperationCount(request.NodesToWrite.Count);
        var results = new StatusCode[request.NodesToWrite.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var item = request.NodesToWrite[i];
            results[i] = !AddressSpace.TryGetNode(item.NodeId, out var node) ? StatusCode.BadNodeIdUnknown
                : item.AttributeId != AttributeIds.Value || node is not VariableNode variable ? StatusCode.BadNotWritable
                : item.IndexRange is not null ? StatusCode.BadWriteNotSupported
                : variable.Write(item.Value);
        }

        return new WriteResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results };
    }
}
