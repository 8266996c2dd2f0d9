using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Erp.Connector;
using Twin.Erp.Diagnostics;
using Twin.Erp.Http;
using Twin.Erp.Mapping;
using Twin.Erp.Transactions;

namespace Twin.Erp.Dynamics;

/// <summary>
/// Dynamics 365 Supply Chain Management connector over the MES integration endpoint (SendMessage). D365 accepts a
/// message and processes it later in a batch job, in order per production order; so per order, one message after the
/// other: look the key up when its fate is not known (never send blind twice), send, then read its status until D365
/// processed it (booked) or failed it (rejected with D365's log). A message that waits for the batch job past
/// <see cref="D365ConnectorOptions.StatusPollTimeout"/> is transient and looked up, not sent, next time.
/// </summary>
internal sealed partial class D365ScmConnector : IErpConnector
{
    public const string HttpClientName = "Twin.Erp.D365";

    private readonly D365ConnectorOptions _options;
    private readonly D365MessageMapper _mapper;
    private readonly D365Channel _channel;
    private readonly D365AccessToken _token;
    private readonly KeyedPostSerializer _orders = new();
    private readonly RememberedKeys _unknown;
    private readonly RememberedKeys _awaiting;
    private readonly RememberedKeys _processed;
    private readonly DateTimeOffset _lookUpAllUntil;
    private readonly string?[] _secrets;
    private readonly ErpConnectorTelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<D365ScmConnector> _logger;

    public D365ScmConnector(
        IHttpClientFactory httpClientFactory,
        IOptions<D365ConnectorOptions> options,
        ErpMapping mapping,
        ErpConnectorTelemetry telemetry,
        TimeProvider timeProvider,
        ILogger<D365ScmConnector> logger)
    {
        _options = options.Value;
        _mapper = new D365MessageMapper(mapping, _options);
        _unknown = new RememberedKeys(_options.MaxRememberedKeys);
        _awaiting = new RememberedKeys(_options.MaxRememberedKeys);
        _processed = new RememberedKeys(_options.MaxRememberedKeys);
        _lookUpAllUntil = timeProvider.GetUtcNow() + _options.LookUpAfterStart;
        _secrets = [_options.Auth.ClientSecret];
        _telemetry = telemetry;
        _timeProvider = timeProvider;
        _logger = logger;
        var root = new Uri(_options.BaseUrl.TrimEnd('/') + "/");
        _token = new D365AccessToken(_options.Auth, new Uri(root, ".default").ToString(), timeProvider);
        _channel = new D365Channel(httpClientFactory.CreateClient(HttpClientName), _token, root, _options.AttemptTimeout, timeProvider);
    }

    /// <summary>Access tokens fetched so far (figures and tests).</summary>
    public int TokenFetches => _token.Fetches;

    public Task<IReadOnlyList<ErpPostOutcome>> PostBatchAsync(IReadOnlyList<ErpTransaction> batch, CancellationToken cancellationToken = default) =>
        MappedBatch.PostAsync("erp.d365.post_batch", batch, _mapper.Map, (documents, outcomes) => PostDocumentsAsync(documents, outcomes, cancellationToken), Clean, _telemetry, _timeProvider);

    /// <summary>Orders in parallel, the messages of one order strictly in batch order (D365 books them in arrival order).</summary>
    private Task PostDocumentsAsync(List<D365Document> documents, ErpPostOutcome[] outcomes, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            documents.GroupBy(d => d.OrderKey, StringComparer.Ordinal).Select(g => g.ToList()),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelOrders, CancellationToken = cancellationToken },
            async (order, ct) => await PostOrderAsync(order, outcomes, ct).ConfigureAwait(false));

    private async Task PostOrderAsync(List<D365Document> order, ErpPostOutcome[] outcomes, CancellationToken cancellationToken)
    {
        var first = order[0];
        using var held = await _orders.AcquireAsync([first.OrderKey], cancellationToken).ConfigureAwait(false);
        if (_options.StartOrders && !_processed.Contains(StartedMarker(first)))
        {
            var start = await DeliverAsync(_mapper.Start(first.Company, first.Order), cancellationToken).ConfigureAwait(false);
            if (start.Status == ErpOutcomeStatus.Rejected)
            {
                // D365 refused the start (order unknown, or started or ended by someone there): each message goes on
                // and is booked or failed on its own, with D365's own text. The start is tried again with the next batch.
                LogStartFailed(first.Order, Clean(start.Reason));
            }
            else if (start.Status != ErpOutcomeStatus.Booked)
            {
                foreach (var d in order)
                {
                    outcomes[d.Index] = start with { IdempotencyKey = d.Key, Reason = $"ProdProductionOrderStart of order {d.Order}: {start.Reason}", Ambiguous = false };
                }

                return;
            }

            else
            {
                _processed.Add(StartedMarker(first));
            }
        }

        for (var i = 0; i < order.Count; i++)
        {
            var d = order[i];
            var outcome = await DeliverDocumentAsync(d, cancellationToken).ConfigureAwait(false);
            outcomes[d.Index] = outcome;
            if (outcome.Status == ErpOutcomeStatus.Transient)
            {
                // A later message must not overtake this one: D365 would book the order's messages out of order.
                foreach (var later in order.Skip(i + 1))
                {
                    outcomes[later.Index] = ErpPostOutcome.Transient(later.Key, $"waits behind an earlier message of order {d.Order} ({outcome.Reason})", outcome.RetryAfter);
                }

                return;
            }
        }
    }

    private async Task<ErpPostOutcome> DeliverDocumentAsync(D365Document d, CancellationToken cancellationToken)
    {
        ErpPostOutcome? main = null;
        foreach (var message in d.Messages)
        {
            var outcome = await DeliverAsync(message, cancellationToken).ConfigureAwait(false);
            if (message.Key == d.Key)
            {
                main = outcome;
            }

            if (outcome.Status == ErpOutcomeStatus.Rejected && message.Key != d.Key)
            {
                // The order end was refused (e.g. ended in D365 already): the report as finished stands booked.
                LogEndFailed(d.Order, Clean(outcome.Reason));
                continue;
            }

            if (outcome.Status != ErpOutcomeStatus.Booked)
            {
                return message.Key == d.Key ? outcome : outcome with { IdempotencyKey = d.Key, Reason = $"{message.Type} of order {d.Order}: {outcome.Reason}", Ambiguous = false };
            }
        }

        return main!;
    }

    /// <summary>One message to its final state as far as this batch can take it; the outcome carries the message's key.</summary>
    private async Task<ErpPostOutcome> DeliverAsync(D365Message message, CancellationToken cancellationToken)
    {
        var key = message.Key;
        if (_processed.Contains(key))
        {
            return ErpPostOutcome.Booked(key, null, alreadyBooked: true);
        }

        var awaiting = _awaiting.Contains(key);
        if (message.AlwaysLookUp || awaiting || _unknown.Contains(key) || _timeProvider.GetUtcNow() < _lookUpAllUntil)
        {
            var (status, failure) = await LookUpAsync(key, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return _unknown.Contains(key)
                    ? ErpPostOutcome.Unknown(key, $"could not look up a message whose send ended unknown: {failure}")
                    : ErpPostOutcome.Transient(key, $"could not look the message up before sending it: {failure}");
            }

            // A failed message booked nothing: it is sent anew (a replayed dead letter after the master data was fixed).
            if (status!.State is D365MessageState.Processed or D365MessageState.Queued)
            {
                // Queued: D365 has it (the answer was lost, or the wait ran out last time); wait for its batch job, never send again.
                if (status.State == D365MessageState.Queued)
                {
                    _awaiting.Add(key);
                }

                var known = status.State == D365MessageState.Queued
                    ? await AwaitProcessingAsync(key, alreadyBooked: !awaiting, cancellationToken).ConfigureAwait(false)
                    : FromStatus(key, status, alreadyBooked: !awaiting);
                if (known.Status == ErpOutcomeStatus.Booked && !awaiting)
                {
                    LogFoundBooked(key, message.Type);
                }

                return known;
            }
        }

        var reply = await _channel.PostAsync(_options.SendMessagePath, message.Envelope, cancellationToken).ConfigureAwait(false);
        if (reply.Failure is { } lost)
        {
            if (!reply.Sent)
            {
                return ErpPostOutcome.Transient(key, $"D365 not reached ({lost})");
            }

            LogLost(key, Clean(lost));
            return Remember(ErpPostOutcome.Unknown(key, $"no answer after the message left ({lost}); looked up before it is sent again"));
        }

        switch (reply.Status)
        {
            case >= 200 and < 300:
                _unknown.Resolve(key);
                _awaiting.Add(key);
                return await AwaitProcessingAsync(key, alreadyBooked: false, cancellationToken).ConfigureAwait(false);
            case 429:
                // Service protection: nothing was taken; wait as long as D365 asked.
                return ErpPostOutcome.Transient(key, "D365 throttled the request (429)", reply.RetryAfter ?? _options.ThrottledRetryAfter);
            case 401 or 403 or 404 or 405:
                return ErpPostOutcome.Transient(key, $"D365 refused SendMessage with {reply.Status} (check Erp:Connector:Auth, the app's D365 user and SendMessagePath): {D365Error.Describe(reply.Body)}");
            case 400 or 422:
                return Remember(ErpPostOutcome.Rejected(key, $"D365 refused the message ({reply.Status}): {D365Error.Describe(reply.Body)}"));
            case >= 500:
                // The message may have been queued before the error: find out before sending it again.
                return Remember(ErpPostOutcome.Unknown(key, $"D365 answered {reply.Status} ({D365Error.Describe(reply.Body)}); looked up before it is sent again"));
            default:
                return ErpPostOutcome.Transient(key, $"D365 answered {reply.Status}: {D365Error.Describe(reply.Body)}", reply.RetryAfter);
        }
    }

    /// <summary>Reads the status of a message D365 accepted until its batch job processed or failed it, or the wait is over.</summary>
    private async Task<ErpPostOutcome> AwaitProcessingAsync(string key, bool alreadyBooked, CancellationToken cancellationToken)
    {
        var until = _timeProvider.GetUtcNow() + _options.StatusPollTimeout;
        var last = "not processed yet";
        while (true)
        {
            var (status, failure) = await LookUpAsync(key, cancellationToken).ConfigureAwait(false);
            if (failure is null && status!.State is D365MessageState.Processed or D365MessageState.Failed)
            {
                return FromStatus(key, status, alreadyBooked);
            }

            last = failure ?? $"status {status!.State}";
            if (_timeProvider.GetUtcNow() >= until)
            {
                return ErpPostOutcome.Transient(key, $"D365 accepted the message and has not processed it yet ({last}); its status is read before anything is sent again", _options.StatusPollInterval);
            }

            await Task.Delay(_options.StatusPollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(D365MessageStatus? Status, string? Failure)> LookUpAsync(string key, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["_messageKey"] = key }.ToJsonString();
        var reply = await _channel.PostAsync(_options.MessageStatusPath, body, cancellationToken).ConfigureAwait(false);
        if (reply.Failure is { } failure)
        {
            return (null, failure);
        }

        if (reply.Status is < 200 or >= 300)
        {
            return (null, $"the status lookup answered {reply.Status}: {D365Error.Describe(reply.Body)}");
        }

        try
        {
            return (D365MessageStatus.Parse(reply.Body), null);
        }
        catch (FormatException ex)
        {
            return (null, ex.Message);
        }
    }

    private ErpPostOutcome FromStatus(string key, D365MessageStatus status, bool alreadyBooked)
    {
        switch (status.State)
        {
            case D365MessageState.Processed:
                return Remember(ErpPostOutcome.Booked(key, status.MessageId, alreadyBooked));
            case D365MessageState.Failed:
                var rejected = Remember(ErpPostOutcome.Rejected(key, $"D365 failed the message: {status.Log ?? "(no log)"}", status.MessageId));
                LogRejected(key, Clean(rejected.Reason));
                return rejected;
            default:
                _awaiting.Add(key);
                return ErpPostOutcome.Transient(key, "D365 has the message queued and has not processed it yet; its status is read before anything is sent again", _options.StatusPollInterval);
        }
    }

    /// <summary>Keeps the per-key memory in step: unknown keys are looked up, final ones forgotten (processed ones kept).</summary>
    private ErpPostOutcome Remember(ErpPostOutcome outcome)
    {
        var key = outcome.IdempotencyKey;
        if (outcome.Ambiguous)
        {
            _unknown.Add(key);
            return outcome;
        }

        _unknown.Resolve(key);
        _awaiting.Resolve(key);
        if (outcome.Status == ErpOutcomeStatus.Booked)
        {
            _processed.Add(key);
        }

        return outcome;
    }

    private static string StartedMarker(D365Document d) => "started:" + d.OrderKey;

    private string Clean(string? text) => ReceiverText.Clean(text, _secrets, maxLength: 1000);

    [LoggerMessage(Level = LogLevel.Warning, Message = "D365: no answer after message {Key} left ({Failure}); it is looked up before it is sent again")]
    private partial void LogLost(string key, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "D365: message {Key} ({Type}) was found processed; not sent again")]
    private partial void LogFoundBooked(string key, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "D365 did not start production order {Order} ({Reason}); its messages are sent all the same")]
    private partial void LogStartFailed(string order, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "D365 did not end production order {Order} ({Reason}); its report as finished is booked")]
    private partial void LogEndFailed(string order, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "D365 failed message {Key}: {Reason}")]
    private partial void LogRejected(string key, string? reason);
}
