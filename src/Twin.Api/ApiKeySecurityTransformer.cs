using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Twin.Api.Security;

namespace Twin.Api;

/// <summary>Declares the API-key scheme in the OpenAPI document so generated clients and tools send the header.</summary>
internal sealed class ApiKeySecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Twin API";
        document.Info.Description = "Live twins of machines, work orders, lots and warehouse locations. "
            + "Send an API key in X-Api-Key; commands need an Idempotency-Key. Errors are RFC 7807 problem details with a stable 'code'.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "API key with role reader, operator or admin.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [],
        });
        return Task.CompletedTask;
    }
}
