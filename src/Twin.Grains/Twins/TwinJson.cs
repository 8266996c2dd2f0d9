using System.Text.Encodings.Web;
using System.Text.Json;

namespace Twin.Grains.Twins;

/// <summary>The JSON settings of persisted domain twins (see <see cref="TwinGrainState"/>).</summary>
internal static class TwinJson
{
    // Relaxed escaping: stored text, never HTML (see TwinJsonGrainStorageSerializer).
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write<T>(T twin) => JsonSerializer.Serialize(twin, Options);

    public static T Read<T>(string json) where T : new() => JsonSerializer.Deserialize<T>(json, Options) ?? new T();

    /// <summary>One journal row's payload (a ledger outcome or a history line).</summary>
    public static byte[] WriteRow<T>(T row) => JsonSerializer.SerializeToUtf8Bytes(row, Options);

    public static T ReadRow<T>(byte[] payload) =>
        JsonSerializer.Deserialize<T>(payload, Options) ?? throw new JsonException($"A stored {typeof(T).Name} row read as null.");
}
