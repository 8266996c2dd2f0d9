using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Twin.Erp.Diagnostics;

namespace Twin.Grains.Webhooks;

/// <summary>
/// Sends one signed message to a receiver, once (retries are the queue's, durable, not this process's). One HTTP
/// client per silo: every attempt is bounded by <see cref="WebhookOptions.AttemptTimeout"/> (a resilience timeout
/// around the whole exchange), redirects are not followed (a 3xx could point at a private address), and without
/// <see cref="WebhookOptions.AllowPrivateAddresses"/> each connection goes only to a public address of the host.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private const int MaxAnswerBytes = 4_096;

    private readonly HttpClient _http;

    public WebhookSender(IOptions<WebhookOptions> options)
    {
        var o = options.Value;
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = o.AttemptTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2), // follow DNS changes of receivers
        };
        if (!o.AllowPrivateAddresses)
        {
            sockets.ConnectCallback = ConnectToPublicAddressAsync;
        }

        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>().AddTimeout(o.AttemptTimeout).Build();
        _http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = sockets }) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Twin-Webhooks", "1"));
    }

    public async Task<WebhookAttempt> SendAsync(Uri url, string messageId, DateTimeOffset timestamp, string body, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Signature(messageId, timestamp, body, secrets));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new WebhookAttempt(true, false, status, $"{status} {response.ReasonPhrase}", null);
            }

            var answer = ReceiverText.Clean($"{status} {response.ReasonPhrase}: {await ReadSomeAsync(response, cancellationToken)}", secrets);
            var retry = status is 408 or 429 || status >= 500;
            return new WebhookAttempt(false, retry, status, answer, RetryAfter(response));
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var what = e is TimeoutRejectedException or OperationCanceledException ? "no answer within the attempt timeout" : e.Message;
            return new WebhookAttempt(false, true, null, ReceiverText.Clean(what, secrets), null);
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxAnswerBytes];
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    private static async ValueTask<Stream> ConnectToPublicAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var address = addresses.FirstOrDefault(a => !WebhookAddressPolicy.IsPrivate(a))
            ?? throw new HttpRequestException($"receiver host '{host}' resolves only to private or loopback addresses, which Twin:Webhooks:AllowPrivateAddresses does not allow");
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
