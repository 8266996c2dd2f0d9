using System.Text;

namespace Twin.Erp.Sap;

/// <summary>
/// Writes an OData V2 <c>$batch</c> body (multipart/mixed, CRLF line ends): each POST in a changeset of its own, so a
/// failed document rolls back only itself; each GET as a plain part. Part answers come back in the same order.
/// </summary>
internal static class SapBatchWriter
{
    public const string Crlf = "\r\n";

    public static (string ContentType, string Body) Write(IReadOnlyList<SapBatchOperation> operations)
    {
        var boundary = "batch_" + Guid.NewGuid().ToString("N");
        var body = new StringBuilder();
        foreach (var operation in operations)
        {
            body.Append("--").Append(boundary).Append(Crlf);
            if (operation.InChangeset)
            {
                var changeset = "changeset_" + Guid.NewGuid().ToString("N");
                body.Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append(Crlf).Append(Crlf);
                body.Append("--").Append(changeset).Append(Crlf);
                AppendRequest(body, operation);
                body.Append("--").Append(changeset).Append("--").Append(Crlf);
            }
            else
            {
                AppendRequest(body, operation);
            }
        }

        body.Append("--").Append(boundary).Append("--").Append(Crlf);
        return ($"multipart/mixed; boundary={boundary}", body.ToString());
    }

    private static void AppendRequest(StringBuilder body, SapBatchOperation operation)
    {
        body.Append("Content-Type: application/http").Append(Crlf);
        body.Append("Content-Transfer-Encoding: binary").Append(Crlf).Append(Crlf);
        body.Append(operation.Method).Append(' ').Append(operation.RelativeUrl).Append(" HTTP/1.1").Append(Crlf);
        body.Append("Accept: application/json").Append(Crlf);
        if (operation.JsonBody is { } json)
        {
            body.Append("Content-Type: application/json").Append(Crlf);
            body.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(json)).Append(Crlf).Append(Crlf);
            body.Append(json).Append(Crlf);
        }
        else
        {
            body.Append(Crlf);
        }
    }
}
