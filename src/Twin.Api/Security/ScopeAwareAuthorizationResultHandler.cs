using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Twin.Api.Errors;

namespace Twin.Api.Security;

/// <summary>
/// Answers a request its key's scope refused with the problem naming the plant or purpose (<see cref="ScopeRefusal"/>);
/// every other result goes the usual way (401 challenge, 403 for a role too low).
/// </summary>
internal sealed class ScopeAwareAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<ScopeRefusal>().FirstOrDefault() is { } refusal)
        {
            return ApiProblems.WriteAsync(context, refusal.Problem);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
