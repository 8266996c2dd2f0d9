namespace Twin.Contracts;

/// <summary>How a rejected command should be answered: the REST layer maps these to 400, 404 and 409.</summary>
public enum TwinErrorKind
{
    /// <summary>The request itself is malformed (bad id, negative quantity): HTTP 400.</summary>
    InvalidInput = 0,

    /// <summary>The twin addressed has never been created: HTTP 404.</summary>
    NotFound = 1,

    /// <summary>The request is well formed but a business rule forbids it now: HTTP 409.</summary>
    Conflict = 2,

    /// <summary>The request id was already used for a different request (another body or route): HTTP 422.</summary>
    RequestReused = 3,
}
