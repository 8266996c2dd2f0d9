namespace Twin.Domain;

/// <summary>
/// A command broke a rule. Code is one of <see cref="DomainErrors"/>: stable strings the REST layer maps
/// to HTTP status codes, so the rule text can change without breaking plant apps.
/// </summary>
public sealed class DomainRuleException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
