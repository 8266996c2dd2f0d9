using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Server;

/// <summary>
/// The part of the standard reference-type hierarchy our address space uses, so Browse with
/// IncludeSubtypes (e.g. HierarchicalReferences) finds Organizes and HasComponent references.
/// </summary>
internal static class ReferenceTypes
{
    public const uint References = 31;
    public const uint NonHierarchicalReferences = 32;
    public const uint HierarchicalReferences = 33;
    public const uint HasChild = 34;
    public const uint Organizes = 35;
    public const uint HasEventSource = 36;
    public const uint HasModellingRule = 37;
    public const uint HasTypeDefinition = 40;
    public const uint Aggregates = 44;
    public const uint HasSubtype = 45;
    public const uint HasProperty = 46;
    public const uint HasComponent = 47;
    public const uint HasNotifier = 48;

    private static readonly Dictionary<uint, uint> Parent = new()
    {
        [NonHierarchicalReferences] = References,
        [HierarchicalReferences] = References,
        [HasChild] = HierarchicalReferences,
        [Organizes] = HierarchicalReferences,
        [HasEventSource] = HierarchicalReferences,
        [HasNotifier] = HasEventSource,
        [Aggregates] = HasChild,
        [HasSubtype] = HasChild,
        [HasProperty] = Aggregates,
        [HasComponent] = Aggregates,
        [HasTypeDefinition] = NonHierarchicalReferences,
        [HasModellingRule] = NonHierarchicalReferences,
    };

    /// <summary>True when <paramref name="type"/> matches the browse filter <paramref name="filter"/>.</summary>
    public static bool Matches(NodeId type, NodeId filter, bool includeSubtypes)
    {
        if (filter.IsNull || type == filter)
        {
            return true;
        }

        if (!includeSubtypes || filter.NamespaceIndex != 0 || type.NamespaceIndex != 0 || filter.IdType != NodeIdType.Numeric)
        {
            return false;
        }

        var current = type.NumericIdentifier;
        while (Parent.TryGetValue(current, out var parent))
        {
            if (parent == filter.NumericIdentifier)
            {
                return true;
            }

            current = parent;
        }

        return false;
    }

    public static bool IsKnown(NodeId type) => type.NamespaceIndex == 0 && (type.NumericIdentifier == References || Parent.ContainsKey(type.NumericIdentifier));
}
