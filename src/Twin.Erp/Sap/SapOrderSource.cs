using Microsoft.Extensions.Options;
using Twin.Erp.Diagnostics;
using Twin.Erp.Inbound;

namespace Twin.Erp.Sap;

/// <summary>
/// Released production orders from <c>API_PRODUCTION_ORDER_2_SRV</c>: one GET per page (operations and components
/// expanded), same credential as the postings, no CSRF token (a read). Keyset paging, see <see cref="SapOrderQuery"/>.
/// </summary>
internal sealed class SapOrderSource : IErpOrderSource
{
    private readonly SapODataChannel _channel;
    private readonly string?[] _secrets;

    public SapOrderSource(IHttpClientFactory httpClientFactory, IOptions<SapConnectorOptions> options, TimeProvider timeProvider)
    {
        var o = options.Value;
        var root = new Uri(o.BaseUrl.TrimEnd('/') + "/");
        _channel = new SapODataChannel(
            httpClientFactory.CreateClient(SapS4Connector.HttpClientName), new SapCredential(o.Auth, timeProvider),
            new Uri(root, o.ProductionOrderServicePath.TrimStart('/')), o.SapClient, o.AttemptTimeout, timeProvider);
        _secrets = [o.Auth.Password, o.Auth.ClientSecret];
    }

    public async Task<ErpOrderPage> ReadChangedAsync(string erpPlant, ErpOrderWatermark? after, int pageSize, CancellationToken cancellationToken = default)
    {
        var uri = _channel.Resolve(SapOrderQuery.ChangedAfter(erpPlant, after, pageSize));
        var reply = await _channel.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), modifying: false, cancellationToken).ConfigureAwait(false);
        if (reply.Failure is { } failure)
        {
            throw new ErpOrderSourceException(Clean($"SAP production orders could not be read: {failure}"));
        }

        if (reply.Status != 200)
        {
            throw new ErpOrderSourceException(Clean($"SAP answered the production order query with {reply.Status}: {SapError.Parse(reply.Body).Describe()}"));
        }

        List<ErpProductionOrder> orders;
        try
        {
            orders = SapOrderReader.Read(reply.Body);
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            throw new ErpOrderSourceException(Clean($"SAP's production order answer could not be read: {ex.Message}"));
        }

        var more = orders.Count > pageSize;
        return new ErpOrderPage(more ? orders[..pageSize] : orders, more);
    }

    private string Clean(string text) => ReceiverText.Clean(text, _secrets, maxLength: 1000);
}
