namespace Twin.Domain.Ingest;

/// <summary>
/// A plant's shop-floor connections, read from a JSON file: onboarding a plant is writing one of these, not code.
/// The PlantSimulator's <c>tagmap</c> command writes exactly this shape (camelCase).
/// </summary>
/// <param name="Plant">Plant id the machines belong to, e.g. "plant-1".</param>
/// <param name="Connections">One entry per OPC UA server.</param>
public sealed record PlantConfiguration(string Plant, IReadOnlyList<ConnectionConfiguration> Connections);

/// <summary>One OPC UA server and the tags read from it; each becomes one ingest grain.</summary>
/// <param name="Name">Unique in the plant; with the plant id it names the ingest grain (<see cref="IngestConnectionId"/>).</param>
/// <param name="EndpointUrl">e.g. <c>opc.tcp://plc1:4840</c>.</param>
/// <param name="PublishingIntervalMs">Requested publishing interval of the subscription (default 1000).</param>
/// <param name="SamplingIntervalMs">Requested sampling interval of every tag (default: the publishing interval).</param>
/// <param name="Tags">The nodes to monitor and where their values go.</param>
/// <param name="UserName">User for the session; omit for anonymous.</param>
/// <param name="Password">Password in the file (prefer <paramref name="PasswordVariable"/>).</param>
/// <param name="PasswordVariable">Name of an environment variable that holds the password, to keep it out of the file.</param>
/// <param name="SecurityPolicy">
/// Best (default: the strongest policy and mode the server offers), Basic256Sha256, Aes128_Sha256_RsaOaep,
/// Aes256_Sha256_RsaPss, or None (written out: the operator's explicit choice of an unsecured connection).
/// </param>
/// <param name="SecurityMode">Sign or SignAndEncrypt (default) when a policy is named; Best picks the mode too.</param>
/// <param name="PkiFolder">PKI folder (own / trusted / issuers / rejected); default <c>pki</c> under the working directory.</param>
/// <param name="AutoAcceptUntrustedCertificates">Trust unknown server certificates automatically: development only.</param>
/// <param name="AllowPasswordInClear">Allow sending the password unencrypted when the endpoint asks for that (logged as a warning).</param>
/// <param name="AllowSecurityNone">Under Best: connect without security when the server offers nothing else (refused otherwise).</param>
/// <param name="CertificateKeySize">RSA key size (2048, 3072, 4096) of the application certificate when it is created (default 2048).</param>
/// <param name="CertificateLifetimeDays">Validity of the application certificate when it is created (default 5 years).</param>
public sealed record ConnectionConfiguration(
    string Name,
    string EndpointUrl,
    int? PublishingIntervalMs,
    int? SamplingIntervalMs,
    IReadOnlyList<TagConfiguration> Tags,
    string? UserName = null,
    string? Password = null,
    string? PasswordVariable = null,
    string? SecurityPolicy = null,
    string? SecurityMode = null,
    string? PkiFolder = null,
    bool AutoAcceptUntrustedCertificates = false,
    bool AllowPasswordInClear = false,
    bool AllowSecurityNone = false,
    int? CertificateKeySize = null,
    int? CertificateLifetimeDays = null);

/// <summary>One monitored node: <c>ns=2;s=Line1.Press3.GoodCount</c> → machine "press-3", signal "GoodCount".</summary>
/// <param name="NodeId">OPC UA node id text (<c>ns=2;s=...</c>, <c>ns=3;i=1001</c>).</param>
/// <param name="Machine">Machine twin id.</param>
/// <param name="Signal">Signal name; PascalCase (GoodCount) and kebab-case (good-count) mean the same.</param>
/// <param name="StatusMap">
/// For a status tag whose values are numbers (integer or enumeration): the state each number means, e.g.
/// <c>{"1": "Running", "2": "Idle", "3": "Down"}</c> (<see cref="Ingest.StatusMap"/>). Without it such a tag is refused.
/// </param>
public sealed record TagConfiguration(string NodeId, string Machine, string Signal, IReadOnlyDictionary<string, string>? StatusMap = null);
