using System.Collections.Frozen;
using System.Reflection;

namespace Twin.OpcUa.Encoding;

/// <summary>Turns status codes into the names engineers see in OPC UA tools.</summary>
internal static class StatusCodeNames
{
    private static readonly FrozenDictionary<uint, string> Names = typeof(StatusCode)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(StatusCode))
        .GroupBy(f => ((StatusCode)f.GetValue(null)!).Code)
        .ToFrozenDictionary(g => g.Key, g => g.First().Name);

    public static string Describe(StatusCode status)
    {
        // Only the top 16 bits carry the code; the low bits are info flags.
        if (Names.TryGetValue(status.Code, out var name) || Names.TryGetValue(status.Code & 0xFFFF0000, out name))
        {
            return $"{name} (0x{status.Code:X8})";
        }

        return $"0x{status.Code:X8}";
    }
}
