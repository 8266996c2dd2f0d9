using System.Text.Json;

namespace Twin.Domain.Ingest;

/// <summary>Reads and checks plant configuration files, so a wrong file stops the silo with one clear line instead of failing later.</summary>
public static class PlantConfigurationLoader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Most tags one connection may monitor (one subscription); split larger plants into connections.</summary>
    public const int MaxTagsPerConnection = 50_000;

    public static PlantConfiguration Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new PlantConfigurationException(
                $"Plant configuration file '{full}' does not exist; write one (e.g. `dotnet run --project samples/PlantSimulator -- tagmap`) or fix Ingest:PlantFiles.");
        }

        return Parse(File.ReadAllText(full), full);
    }

    public static PlantConfiguration Parse(string json, string source)
    {
        PlantConfiguration? plant;
        try
        {
            plant = JsonSerializer.Deserialize<PlantConfiguration>(json, Json);
        }
        catch (JsonException error)
        {
            throw new PlantConfigurationException(
                $"Plant configuration '{source}' is not valid JSON at {error.Path} (line {error.LineNumber + 1}): {error.Message.Split('.')[0]}. Expected {{\"plant\":\"plant-1\",\"connections\":[{{\"name\",\"endpointUrl\",\"tags\":[{{\"nodeId\",\"machine\",\"signal\"}}]}}]}}.",
                error);
        }

        if (plant is null)
        {
            throw new PlantConfigurationException($"Plant configuration '{source}' is empty; expected {{\"plant\":...,\"connections\":[...]}}.");
        }

        Check(plant, source);
        return plant;
    }

    private static void Check(PlantConfiguration plant, string source)
    {
        Require(ConfigurationIds.Problem(plant.Plant, "plant id", allowColon: false), source, "plant");
        if (plant.Connections is null || plant.Connections.Count == 0)
        {
            throw new PlantConfigurationException($"Plant configuration '{source}' has no connections; add at least one {{\"name\",\"endpointUrl\",\"tags\"}}.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < plant.Connections.Count; c++)
        {
            var connection = plant.Connections[c];
            var where = $"connections[{c}]";
            if (connection is null)
            {
                throw new PlantConfigurationException($"Plant configuration '{source}': {where} is null.");
            }

            Require(ConfigurationIds.Problem(connection.Name, "connection name", allowColon: false), source, $"{where}.name");
            if (!names.Add(connection.Name))
            {
                throw new PlantConfigurationException($"Plant configuration '{source}': connection name '{connection.Name}' is used twice; names must be unique in a plant.");
            }

            if (string.IsNullOrWhiteSpace(connection.EndpointUrl) || !connection.EndpointUrl.StartsWith("opc.tcp://", StringComparison.OrdinalIgnoreCase))
            {
                throw new PlantConfigurationException(
                    $"Plant configuration '{source}': {where}.endpointUrl '{connection.EndpointUrl}' is not an OPC UA address; write e.g. opc.tcp://plc1:4840.");
            }

            if (connection.PublishingIntervalMs is <= 0 or > 3_600_000 || connection.SamplingIntervalMs is < 0 or > 3_600_000)
            {
                throw new PlantConfigurationException(
                    $"Plant configuration '{source}': {where} intervals must be positive milliseconds up to one hour (publishingIntervalMs {connection.PublishingIntervalMs}, samplingIntervalMs {connection.SamplingIntervalMs}).");
            }

            if (connection.UserName is null && (connection.Password is not null || connection.PasswordVariable is not null))
            {
                throw new PlantConfigurationException($"Plant configuration '{source}': {where} has a password but no userName.");
            }

            string[] policies = ["Best", "None", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss"];
            if (connection.SecurityPolicy is { } policy && !policies.Contains(policy, StringComparer.OrdinalIgnoreCase))
            {
                throw new PlantConfigurationException(
                    $"Plant configuration '{source}': {where}.securityPolicy '{policy}' is unknown; use {string.Join(", ", policies)}.");
            }

            if (connection.SecurityMode is { } mode && !new[] { "Sign", "SignAndEncrypt" }.Contains(mode, StringComparer.OrdinalIgnoreCase))
            {
                throw new PlantConfigurationException($"Plant configuration '{source}': {where}.securityMode '{mode}' is unknown; use Sign or SignAndEncrypt.");
            }

            if (connection.CertificateKeySize is { } size && size is not (2048 or 3072 or 4096))
            {
                throw new PlantConfigurationException($"Plant configuration '{source}': {where}.certificateKeySize {size} is not 2048, 3072 or 4096.");
            }

            if (connection.CertificateLifetimeDays is < 1 or > 7300)
            {
                throw new PlantConfigurationException(
                    $"Plant configuration '{source}': {where}.certificateLifetimeDays {connection.CertificateLifetimeDays} must be 1..7300 days.");
            }

            CheckTags(connection, source, where);
        }
    }

    private static void CheckTags(ConnectionConfiguration connection, string source, string where)
    {
        if (connection.Tags is null || connection.Tags.Count == 0)
        {
            throw new PlantConfigurationException($"Plant configuration '{source}': {where} has no tags; add {{\"nodeId\",\"machine\",\"signal\"}} entries.");
        }

        if (connection.Tags.Count > MaxTagsPerConnection)
        {
            throw new PlantConfigurationException(
                $"Plant configuration '{source}': {where} has {connection.Tags.Count} tags; at most {MaxTagsPerConnection} per connection. Split it into several connections.");
        }

        var nodes = new HashSet<string>(StringComparer.Ordinal);
        for (var t = 0; t < connection.Tags.Count; t++)
        {
            var tag = connection.Tags[t];
            var at = $"{where}.tags[{t}]";
            if (tag is null || string.IsNullOrWhiteSpace(tag.NodeId) || string.IsNullOrWhiteSpace(tag.Signal))
            {
                throw new PlantConfigurationException($"Plant configuration '{source}': {at} needs nodeId, machine and signal.");
            }

            Require(ConfigurationIds.Problem(tag.Machine, "machine id"), source, $"{at}.machine");
            if (tag.StatusMap is { } map)
            {
                if (SignalNames.Normalize(tag.Signal) != Machines.MachineTwin.StatusSignal)
                {
                    throw new PlantConfigurationException($"Plant configuration '{source}': {at} has a statusMap but its signal is '{tag.Signal}'; only a Status tag takes one.");
                }

                Require(StatusMap.Problem(map), source, $"{at}.statusMap");
            }

            if (!nodes.Add(tag.NodeId.Trim()))
            {
                throw new PlantConfigurationException($"Plant configuration '{source}': node {tag.NodeId} is mapped twice in {where}; a node feeds one signal.");
            }
        }
    }

    private static void Require(string? problem, string source, string where)
    {
        if (problem is not null)
        {
            throw new PlantConfigurationException($"Plant configuration '{source}': {where}: {problem}");
        }
    }
}
