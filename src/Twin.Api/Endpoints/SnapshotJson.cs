using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Twin.Api.Endpoints;

/// <summary>
/// The JSON of a twin snapshot, serialized once per snapshot instead of once per request. A twin keeps one
/// immutable snapshot until it changes, and a grain call inside the silo hands that very instance to the API
/// (snapshots are [Immutable], so Orleans does not copy them), so the UTF-8 bytes are attached to the instance:
/// the same instance is the same state and the same version, and a changed twin makes a new instance, whose
/// bytes are made on its first read. The bytes live as long as the snapshot (a ConditionalWeakTable holds
/// them weakly by it): about the JSON's size per read twin, gone with the snapshot when the twin changes or
/// deactivates. A snapshot from another silo is a new copy per call; it is serialized as before.
/// </summary>
internal static class SnapshotJson<T> where T : class
{
    private static readonly ConditionalWeakTable<T, byte[]> Cache = new();

    public static IResult Ok(T snapshot, HttpContext http)
    {
        if (!Cache.TryGetValue(snapshot, out var json))
        {
            var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            json = Cache.GetValue(snapshot, s => JsonSerializer.SerializeToUtf8Bytes(s, options.GetTypeInfo(typeof(T))));
        }

        return TypedResults.Bytes(json, "application/json; charset=utf-8");
    }
}
