using System.Text.Json;

namespace Twin.Cli.Api;

/// <summary>A successful answer: its JSON body and, for a paged list, the cursor of the next page (X-Next-After).</summary>
internal sealed record ApiAnswer(JsonElement Body, string? NextAfter);
