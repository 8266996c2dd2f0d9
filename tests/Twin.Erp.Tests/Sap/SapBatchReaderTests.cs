using Twin.Erp.Sap;

namespace Twin.Erp.Tests.Sap;

/// <summary>The $batch answer reader on hand-written answers shaped as SAP Gateway writes them.</summary>
public sealed class SapBatchReaderTests
{
    [Fact]
    public void A_changeset_answer_a_failed_changeset_and_a_retrieve_part_come_back_in_order()
    {
        const string body = """
            --batch_A
            Content-Type: multipart/mixed; boundary=changeset_B

            --changeset_B
            Content-Type: application/http
            Content-Transfer-Encoding: binary

            HTTP/1.1 201 Created
            Content-Type: application/json
            sap-message: {"code":"W/1","message":"check stock","severity":"warning"}

            {"d":{"ConfirmationGroup":"1001","ConfirmationCount":"1"}}
            --changeset_B--

            --batch_A
            Content-Type: application/http
            Content-Transfer-Encoding: binary

            HTTP/1.1 400 Bad Request
            Content-Type: application/json

            {"error":{"code":"M7/021","message":{"lang":"en","value":"Deficit of unrestricted stock"}}}
            --batch_A
            Content-Type: application/http
            Content-Transfer-Encoding: binary

            HTTP/1.1 200 OK
            Content-Type: application/json

            {"d":{"results":[]}}
            --batch_A--
            """;

        // Both line ends SAP may use: CRLF (the norm) and bare LF.
        foreach (var text in new[] { body.ReplaceLineEndings("\r\n"), body.ReplaceLineEndings("\n") })
        {
            var answers = SapBatchReader.Read("multipart/mixed; boundary=\"batch_A\"", text);

            Assert.Equal([201, 400, 200], answers.Select(a => a.Status));
            Assert.Equal("1001/1", SapDocumentNumber.OfCreated(SapService.Confirmation, answers[0].Body));
            Assert.Contains("check stock", answers[0].SapMessage, StringComparison.Ordinal);
            Assert.Equal("M7/021: Deficit of unrestricted stock", SapError.Parse(answers[1].Body).Describe());
            Assert.Equal((false, (string?)null), SapDocumentNumber.OfLookup(SapService.Confirmation, answers[2].Body));
        }
    }

    [Theory]
    [InlineData("text/html", "<html>gateway timeout</html>")]
    [InlineData("multipart/mixed; boundary=batch_A", "--batch_A\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 201 Created\r\n\r\n{}")]
    [InlineData("multipart/mixed; boundary=batch_A", "--batch_A\r\nContent-Type: application/http\r\n\r\nnot http\r\n--batch_A--\r\n")]
    public void An_answer_that_cannot_be_read_throws_so_the_documents_become_unknown(string contentType, string body) =>
        Assert.Throws<FormatException>(() => SapBatchReader.Read(contentType, body));

    [Fact]
    public void The_batch_writer_puts_each_post_in_its_own_changeset_and_a_get_outside()
    {
        var (contentType, body) = SapBatchWriter.Write([new("POST", "ProdnOrdConf2", "{}"), new("POST", "ProdnOrdConf2", "{}"), new("GET", "ProdnOrdConf2?$top=1")]);

        Assert.StartsWith("multipart/mixed; boundary=batch_", contentType, StringComparison.Ordinal);
        Assert.Equal(2, body.Split("Content-Type: multipart/mixed; boundary=changeset_").Length - 1);
        Assert.Contains("\r\nGET ProdnOrdConf2?$top=1 HTTP/1.1\r\n", body, StringComparison.Ordinal);
        Assert.EndsWith($"--{contentType.Split('=')[1]}--\r\n", body, StringComparison.Ordinal);
    }
}
