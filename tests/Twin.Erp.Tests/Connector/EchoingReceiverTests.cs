using System.Net;
using System.Net.Sockets;
using System.Text;
using Twin.Erp.Connector;

namespace Twin.Erp.Tests.Connector;

/// <summary>
/// A receiver that echoes the request headers in its error body (proxies and debug endpoints do) must not put
/// the ERP credential into the dead letter reason a reader key can see, or into the log.
/// </summary>
public sealed class EchoingReceiverTests
{
    [Fact]
    public async Task An_error_body_echoing_the_auth_header_is_stored_without_the_credential()
    {
        const string credential = "Bearer plant-42-very-secret-token";
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var echo = $"bad request; you sent:\nAuthorization: {context.Request.Headers["Authorization"]}\nHost: {context.Request.Headers["Host"]}";
            var bytes = Encoding.UTF8.GetBytes(echo);
            context.Response.StatusCode = 400;
            context.Response.ContentType = "text/plain";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });
        await using var connector = new ConnectorHost(new Uri($"http://127.0.0.1:{port}/"), o => o.AuthHeaderValue = credential);

        var outcome = Assert.Single(await connector.Connector.PostBatchAsync([TestTransactions.Confirmation(TestTransactions.NewEventId("echo"))]));
        await serve;

        Assert.Equal(ErpOutcomeStatus.Rejected, outcome.Status);
        Assert.Contains("400", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("plant-42-very-secret-token", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("you sent", outcome.Reason, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
