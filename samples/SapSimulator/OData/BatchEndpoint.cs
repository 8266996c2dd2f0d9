using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using SapSimulator.Booking;

namespace SapSimulator.OData;

/// <summary>
/// <c>POST .../$batch</c>: multipart/mixed (anything else 415), read with ASP.NET Core's multipart reader. Each
/// changeset runs atomically; a GET part is answered on its own. The answer is 202 with one part per part received.
/// </summary>
public static class BatchEndpoint
{
    public static async Task<(int Status, string ContentType, string Body)> HandleAsync(HttpRequest request, string service, ChangesetProcessor processor, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            return (415, "application/json", ODataAnswer.Error(415, SimulatorMessages.BadRequest, "A $batch must be multipart/mixed with a boundary").Body);
        }

        var answer = new StringBuilder();
        var outer = "batchresponse_" + Guid.NewGuid().ToString("N");
        var reader = new MultipartReader(boundary, request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                answer.Append("--").Append(outer).Append(EmbeddedHttp.Crlf);
                if (MediaTypeHeaderValue.TryParse(section.ContentType, out var partType) && partType.MediaType.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase))
                {
                    await ChangesetAsync(answer, section, HeaderUtilities.RemoveQuotes(partType.Boundary).Value!, service, processor, cancellationToken);
                }
                else
                {
                    var operation = EmbeddedHttp.ReadRequest(await new StreamReader(section.Body).ReadToEndAsync(cancellationToken));
                    EmbeddedHttp.WriteAnswer(answer, operation.Method == "GET"
                        ? await processor.RunAsync(service, operation, cancellationToken)
                        : ODataAnswer.Error(400, SimulatorMessages.BadRequest, "A modifying request must be inside a changeset"));
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or IOException or InvalidDataException)
        {
            return (400, "application/json", ODataAnswer.Error(400, SimulatorMessages.BadRequest, $"The $batch body could not be read: {ex.Message}").Body);
        }

        answer.Append("--").Append(outer).Append("--").Append(EmbeddedHttp.Crlf);
        return (202, $"multipart/mixed; boundary={outer}", answer.ToString());
    }

    private static async Task ChangesetAsync(StringBuilder answer, MultipartSection section, string boundary, string service, ChangesetProcessor processor, CancellationToken cancellationToken)
    {
        var operations = new List<ODataOperation>();
        var inner = new MultipartReader(boundary, section.Body);
        while (await inner.ReadNextSectionAsync(cancellationToken) is { } part)
        {
            operations.Add(EmbeddedHttp.ReadRequest(await new StreamReader(part.Body).ReadToEndAsync(cancellationToken)));
        }

        var (answers, error) = await processor.RunChangesetAsync(service, operations, cancellationToken);
        if (error is not null)
        {
            // A failed changeset answers with one error for all of it, not a nested multipart.
            EmbeddedHttp.WriteAnswer(answer, error);
            return;
        }

        var changeset = "changesetresponse_" + Guid.NewGuid().ToString("N");
        answer.Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append(EmbeddedHttp.Crlf).Append(EmbeddedHttp.Crlf);
        foreach (var ok in answers!)
        {
            answer.Append("--").Append(changeset).Append(EmbeddedHttp.Crlf);
            EmbeddedHttp.WriteAnswer(answer, ok);
        }

        answer.Append("--").Append(changeset).Append("--").Append(EmbeddedHttp.Crlf);
    }
}
