using System.CommandLine;

namespace Twin.Cli.Api;

/// <summary>What a REST command works with: the client, the plant, the output mode and the two writers.</summary>
internal sealed record ApiContext(TwinApiClient Client, string Plant, bool Json, TextWriter Output, TextWriter Error, ParseResult Parse)
{
    /// <summary><c>api/plants/{plant}/{relative}</c> with the plant escaped; ids in <paramref name="relative"/> are escaped by <see cref="Segment"/>.</summary>
    public string PlantPath(string relative) => $"api/plants/{Segment(Plant)}/{relative}";

    public static string Segment(string id) => Uri.EscapeDataString(id);
}
