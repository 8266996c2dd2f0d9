using System.Text.Encodings.Web;
using System.Text.Json;
using Orleans.Storage;

namespace Twin.Grains.Persistence;

/// <summary>
/// Stores grain state as plain System.Text.Json, with no CLR type names in the payload. The ADO.NET
/// provider's default (Newtonsoft with type names) would tie every stored twin to the .NET type
/// that wrote it, so renaming or moving a state type would orphan the rows. The embedded default's memory
/// storage uses it too, so a twin reactivating in memory reads back exactly as it would from PostgreSQL
/// (Newtonsoft could not read the twins' state back at all).
/// </summary>
public sealed class TwinJsonGrainStorageSerializer : IGrainStorageSerializer
{
    // Stored, never put into HTML: the default encoder wrote every quote of the embedded twin text as \u0022 (six
    // bytes instead of two) and every non-ASCII letter as an escape, so rows were larger and slower to write.
    private static readonly JsonSerializerOptions _options = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, _options));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, _options)
        ?? throw new JsonException($"Stored grain state deserialized to null for {typeof(T).Name}.");
}
