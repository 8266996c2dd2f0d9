using System.Text.Json;
using Microsoft.Extensions.Options;
using Twin.Erp.Diagnostics;
using Twin.Erp.Inbound;

namespace Twin.Erp.Dynamics;

/// <summary>
/// Production orders from the D365 data entities: a page of headers by keyset, then the route operations and BOM lines
/// of those orders (three GETs per page, whatever its size), with the app's Entra ID token.
/// </summary>
internal sealed class D365OrderSource : IErpOrderSource
{
    private readonly D365Channel _channel;
    private readonly string _data;
    private readonly string?[] _secrets;

    public D365OrderSource(IHttpClientFactory httpClientFactory, IOptions<D365ConnectorOptions> options, TimeProvider timeProvider)
    {
        var o = options.Value;
        var root = new Uri(o.BaseUrl.TrimEnd('/') + "/");
        var token = new D365AccessToken(o.Auth, new Uri(root, ".default").ToString(), timeProvider);
        _channel = new D365Channel(httpClientFactory.CreateClient(D365ScmConnector.HttpClientName), token, root, o.AttemptTimeout, timeProvider);
        _data = o.DataPath.TrimEnd('/') + "/";
        _secrets = [o.Auth.ClientSecret];
    }

    public async Task<ErpOrderPage> ReadChangedAsync(string erpPlant, ErpOrderWatermark? after, int pageSize, CancellationToken cancellationToken = default)
    {
        using var headers = await ReadAsync(D365OrderQuery.ChangedAfter(erpPlant, after, pageSize), cancellationToken).ConfigureAwait(false);
        try
        {
            var found = D365OrderReader.Values(headers);
            var more = found.Count > pageSize;
            var page = more ? found[..pageSize] : found;
            if (page.Count == 0)
            {
                return new ErpOrderPage([], false);
            }

            var numbers = page.Select(h => D365OrderReader.Text(h, "ProductionOrderNumber")).ToList();
            using var route = await ReadAsync(D365OrderQuery.LinesOf(D365OrderQuery.RouteOperations, erpPlant, numbers), cancellationToken).ConfigureAwait(false);
            using var bom = await ReadAsync(D365OrderQuery.LinesOf(D365OrderQuery.BomLines, erpPlant, numbers), cancellationToken).ConfigureAwait(false);
            var operations = D365OrderReader.Values(route).ToLookup(l => D365OrderReader.Text(l, "ProductionOrderNumber"), StringComparer.Ordinal);
            var lines = D365OrderReader.Values(bom).ToLookup(l => D365OrderReader.Text(l, "ProductionOrderNumber"), StringComparer.Ordinal);
            var orders = page.Select(h => D365OrderReader.Order(h, operations[D365OrderReader.Text(h, "ProductionOrderNumber")], lines[D365OrderReader.Text(h, "ProductionOrderNumber")])).ToList();
            return new ErpOrderPage(orders, more);
        }
        catch (FormatException ex)
        {
            throw new ErpOrderSourceException(Clean($"D365's production order answer could not be read: {ex.Message}"));
        }
    }

    private async Task<JsonDocument> ReadAsync(string query, CancellationToken cancellationToken)
    {
        var reply = await _channel.GetAsync(_data + query, cancellationToken).ConfigureAwait(false);
        if (reply.Failure is { } failure)
        {
            throw new ErpOrderSourceException(Clean($"D365 production orders could not be read: {failure}"));
        }

        if (reply.Status != 200)
        {
            throw new ErpOrderSourceException(Clean($"D365 answered the production order query with {reply.Status}: {D365Error.Describe(reply.Body)}"));
        }

        try
        {
            return JsonDocument.Parse(reply.Body);
        }
        catch (JsonException ex)
        {
            throw new ErpOrderSourceException(Clean($"D365's production order answer is not JSON: {ex.Message}"));
        }
    }

    private string Clean(string text) => ReceiverText.Clean(text, _secrets, maxLength: 1000);
}
