using Microsoft.AspNetCore.Mvc;

namespace Twin.Api.Errors;

/// <summary>Maps errors raised by the twins (contract error codes) to problem details.</summary>
internal static class TwinErrorMapping
{
    public static ProblemDetails? TryMap(Exception exception) => null;
}
