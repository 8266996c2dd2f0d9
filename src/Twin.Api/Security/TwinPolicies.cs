namespace Twin.Api.Security;

/// <summary>Authorization policy names used by the endpoints: read, command, administer.</summary>
public static class TwinPolicies
{
    /// <summary>Read twins, histories, lists and traces. Any valid key.</summary>
    public const string Read = "twin.read";

    /// <summary>Send commands that change twins. Operator or admin keys.</summary>
    public const string Command = "twin.command";

    /// <summary>Administrative actions (for example ERP dead-letter replay). Admin keys only.</summary>
    public const string Admin = "twin.admin";

    /// <summary>
    /// Follow a plant's change feed (server-sent events). Any valid key, or a browser session from /login: a browser's
    /// EventSource cannot send an <c>X-Api-Key</c> header.
    /// </summary>
    public const string Subscribe = "twin.subscribe";

    /// <summary>
    /// Operations tools for people (the Orleans Dashboard and its live log): operator or admin, by API key or by a
    /// browser session from /login (<see cref="BrowserSession"/>).
    /// </summary>
    public const string Operations = "twin.operations";

    /// <summary>
    /// Look at a plant in the plant view (<c>/plant</c> and its overview): any valid key, or a browser session from
    /// /login. GET only: a session never opens a route that changes anything.
    /// </summary>
    public const string View = "twin.view";

    /// <summary>The lowest role each policy accepts; used for policies and for 403 messages.</summary>
    public static string MinimumRole(string policy) => policy switch
    {
        Read or Subscribe or View => TwinRoles.Reader,
        Command or Operations => TwinRoles.Operator,
        Admin => TwinRoles.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown Twin policy."),
    };
}
