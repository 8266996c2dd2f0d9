using Microsoft.Extensions.Options;

namespace Twin.Api.Security;

/// <summary>
/// Checks the key list at start (ValidateOnStart): a typo in a role or a pasted plain key instead
/// of its hash should stop the silo with a message, not lock every plant app out at run time.
/// </summary>
internal sealed class TwinApiOptionsValidator : IValidateOptions<TwinApiOptions>
{
    public ValidateOptionsResult Validate(string? name, TwinApiOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var where = $"{TwinApiOptions.Section}:Keys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                errors.Add($"{where}:Name is empty; give the key a name such as 'mes-line-2'.");
            }

            if (!ApiKeyHash.IsWellFormed(key.Hash))
            {
                errors.Add($"{where}:Hash must be '{ApiKeyHash.Prefix}' followed by 64 hex digits (the SHA-256 of the key, e.g. `printf %s \"$KEY\" | sha256sum`), not the key itself.");
            }

            if (!TwinRoles.IsKnown(key.Role))
            {
                errors.Add($"{where}:Role '{key.Role}' is unknown; use one of {string.Join(", ", TwinRoles.All)}.");
            }

            if (!ApiKeyPurposes.IsKnown(key.Purpose))
            {
                errors.Add($"{where}:Purpose '{key.Purpose}' is unknown; use one of {string.Join(", ", ApiKeyPurposes.Known)}.");
            }

            for (var p = 0; p < key.Plants.Count; p++)
            {
                if (Twin.Contracts.TwinIds.Problem(key.Plants[p], "plant id") is { } problem)
                {
                    errors.Add($"{where}:Plants:{p}: {problem}");
                }
            }
        }

        foreach (var duplicate in options.Keys.GroupBy(k => k.Hash, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"{TwinApiOptions.Section}:Keys lists the same hash for {string.Join(", ", duplicate.Select(k => k.Name))}; each key must be distinct.");
        }

        if (options.MaxTraceDepth is < 1 or > 1000)
        {
            errors.Add($"{TwinApiOptions.Section}:MaxTraceDepth must be between 1 and 1000 (was {options.MaxTraceDepth}).");
        }

        if (options.MaxHistoryEntries is < 1 or > 100_000)
        {
            errors.Add($"{TwinApiOptions.Section}:MaxHistoryEntries must be between 1 and 100000 (was {options.MaxHistoryEntries}).");
        }

        errors.AddRange(options.Feeds.Problems($"{TwinApiOptions.Section}:Feeds"));
        errors.AddRange(options.PlantView.Problems($"{TwinApiOptions.Section}:PlantView"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
