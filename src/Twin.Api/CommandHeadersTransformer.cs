using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Twin.Api.Requests;

namespace Twin.Api;

/// <summary>
/// Documents the headers every command takes (Idempotency-Key, X-Correlation-Id, X-User), so a client
/// generated from the OpenAPI document sends them without anyone reading prose.
/// </summary>
internal sealed class CommandHeadersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(Header(CorrelationId.HeaderName, "Correlation id to follow this request into events, history and the ERP; generated and echoed when absent."));
        // A twin command is an endpoint whose body is a command body (it carries requestId); operator and admin
        // actions without one (ERP replay, stock reconciliation, webhook admin) take no Idempotency-Key.
        var isCommand = context.Description.ParameterDescriptions
            .Any(p => p.Type is { } type && typeof(ICommandBody).IsAssignableFrom(type));
        if (isCommand)
        {
            operation.Parameters.Add(Header(CommandContexts.IdempotencyKeyHeader,
                "Request id (or body field requestId). Required. A retry with the same value returns the first outcome and applies nothing twice."));
            operation.Parameters.Add(Header(CommandContexts.UserHeader, "The person acting (recorded in history and on holds); defaults to the API key's name."));
        }

        return Task.CompletedTask;
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
