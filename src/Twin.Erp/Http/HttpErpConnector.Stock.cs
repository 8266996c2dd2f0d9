using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Twin.Erp.Stock;

namespace Twin.Erp.Http;

/// <summary>
/// The read side of the generic connector: the ERP's stock of a page of storage locations, for the inventory
/// reconciliation. A read, so it goes on its own client without the posting pipeline's retries and circuit
/// breaker (the reconciliation asks again at its next run; a stock endpoint in trouble must not stop postings),
/// but through the same rate gate, one permit per query.
/// </summary>
internal sealed partial class HttpErpConnector
{
    public async Task<ErpStockAnswer> QueryStockAsync(ErpStockQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(_options.StockPath))
        {
            return ErpStockAnswer.NotSupported("Erp:Connector:StockPath is empty, so the ERP is not asked for stock; inventory reconciliation is off");
        }

        if (query.Locations.Count == 0)
        {
            return ErpStockAnswer.Of([]);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, StockUri())
        {
            Content = JsonContent.Create(new ErpStockRequest(query.Plant, query.Locations), options: ErpWireFormat.Json),
        };
        if (!string.IsNullOrEmpty(_options.AuthHeaderValue))
        {
            request.Headers.TryAddWithoutValidation(_options.AuthHeaderName, _options.AuthHeaderValue);
        }

        try
        {
            using var lease = rateGate.IsLimited ? await rateGate.AcquireAsync(request, cancellationToken).ConfigureAwait(false) : null;
            if (lease is { IsAcquired: false })
            {
                return ErpStockAnswer.Unavailable("connector rate limit reached; stock is asked for at the next run");
            }

            using var response = await httpClientFactory.CreateClient(StockHttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
            {
                return ErpStockAnswer.NotSupported($"the ERP answered {(int)response.StatusCode} at {_options.StockPath}: it has no stock-query endpoint there (Erp:Connector:StockPath)");
            }

            if (!response.IsSuccessStatusCode)
            {
                return ErpStockAnswer.Unavailable($"the ERP answered {(int)response.StatusCode} {response.ReasonPhrase} to the stock query: {await ReadReasonAsync(response, cancellationToken).ConfigureAwait(false)}");
            }

            var answer = await response.Content.ReadFromJsonAsync<ErpStockResponse>(ErpWireFormat.Json, cancellationToken).ConfigureAwait(false);
            var lines = new List<ErpStockLine>(answer?.Stock?.Count ?? 0);
            foreach (var line in answer?.Stock ?? [])
            {
                if (!string.IsNullOrEmpty(line.Location) && !string.IsNullOrEmpty(line.Item))
                {
                    lines.Add(new ErpStockLine(line.Location, line.Item, string.IsNullOrEmpty(line.Lot) ? null : line.Lot, line.Quantity, line.Unit));
                }
            }

            return ErpStockAnswer.Of(lines);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (JsonException ex)
        {
            return ErpStockAnswer.Unavailable($"the ERP's stock answer could not be read: {Clean(ex.Message)}");
        }
        catch (HttpRequestException ex)
        {
            return ErpStockAnswer.Unavailable($"could not reach the ERP for stock: {Clean(ex.Message)}");
        }
        catch (OperationCanceledException)
        {
            return ErpStockAnswer.Unavailable($"the ERP did not answer the stock query within {_options.TotalTimeout}");
        }
    }

    private Uri StockUri() => new($"{_options.BaseUrl.TrimEnd('/')}/{_options.StockPath.TrimStart('/')}");
}
