using Microsoft.Extensions.Options;

namespace Twin.Erp.Connector;

/// <summary>
/// Stops the host at start when <c>Erp:Connector:Kind</c> names no connector this build has, in one line. Registered
/// instead of a connector, so a typo never falls back to posting somewhere else.
/// </summary>
internal sealed class ErpConnectorKindValidator(string configured) : IValidateOptions<ErpConnectorKindCheck>
{
    public ValidateOptionsResult Validate(string? name, ErpConnectorKindCheck options) =>
        ValidateOptionsResult.Fail($"Erp:Connector:Kind is '{configured}'; it must be one of {string.Join(", ", ErpConnectorKind.Available)}.");
}

/// <summary>Carrier type for the start-time check of an unknown connector kind.</summary>
internal sealed class ErpConnectorKindCheck;
