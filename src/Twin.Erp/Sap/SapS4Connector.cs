using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Erp.Connector;
using Twin.Erp.Diagnostics;
using Twin.Erp.Http;
using Twin.Erp.Mapping;
using Twin.Erp.Transactions;

namespace Twin.Erp.Sap;

/// <summary>
/// SAP S/4HANA connector over OData V2. Per batch and service: take the SAP locks' keys (order; plant and material),
/// look up every key whose last post ended unknown (found: already booked, no second post), then post the rest as one
/// <c>$batch</c> with one changeset per document and classify every part. Nothing is retried blind: a POST is replayed
/// only after SAP said it did not process it (expired CSRF token, 401).
/// </summary>
internal sealed partial class SapS4Connector : IErpConnector
{
    public const string HttpClientName = "Twin.Erp.Sap";

    private readonly SapConnectorOptions _options;
    private readonly SapDocumentMapper _mapper;
    private readonly ErpMapping _mapping;
    private readonly SapErrorClassifier _classifier;
    private readonly SapODataChannel _confirmations;
    private readonly SapODataChannel _materialDocuments;
    private readonly KeyedPostSerializer _locks = new();
    private readonly RememberedKeys _unknown;
    private readonly DateTimeOffset _lookUpAllUntil;
    private readonly string?[] _secrets;
    private readonly ErpConnectorTelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SapS4Connector> _logger;

    public SapS4Connector(
        IHttpClientFactory httpClientFactory,
        IOptions<SapConnectorOptions> options,
        ErpMapping mapping,
        ErpConnectorTelemetry telemetry,
        TimeProvider timeProvider,
        ILogger<SapS4Connector> logger)
    {
        _options = options.Value;
        _mapper = new SapDocumentMapper(mapping, _options);
        _mapping = mapping;
        _classifier = new SapErrorClassifier(_options);
        _unknown = new RememberedKeys(_options.MaxRememberedUnknownKeys);
        _lookUpAllUntil = timeProvider.GetUtcNow() + _options.LookUpAfterStart;
        var auth = _options.Auth;
        _secrets = [auth.Password, auth.ClientSecret, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{auth.User}:{auth.Password}"))];
        _telemetry = telemetry;
        _timeProvider = timeProvider;
        _logger = logger;
        // One credential, one session per service root (each service keeps its own token and cookies).
        var client = httpClientFactory.CreateClient(HttpClientName);
        var credential = new SapCredential(_options.Auth, timeProvider);
        var root = new Uri(_options.BaseUrl.TrimEnd('/') + "/");
        _confirmations = new SapODataChannel(client, credential, new Uri(root, _options.ConfirmationServicePath.TrimStart('/')), _options.SapClient, _options.AttemptTimeout, timeProvider);
        _materialDocuments = new SapODataChannel(client, credential, new Uri(root, _options.MaterialDocumentServicePath.TrimStart('/')), _options.SapClient, _options.AttemptTimeout, timeProvider);
    }

    /// <summary>CSRF token fetches so far, both services (figures and tests).</summary>
    public int TokenFetches => _confirmations.TokenFetches + _materialDocuments.TokenFetches;

    public Task<IReadOnlyList<ErpPostOutcome>> PostBatchAsync(IReadOnlyList<ErpTransaction> batch, CancellationToken cancellationToken = default) =>
        MappedBatch.PostAsync("erp.sap.post_batch", batch, _mapper.Map, (documents, outcomes) => PostDocumentsAsync(documents, outcomes, cancellationToken), Clean, _telemetry, _timeProvider);

    private async Task PostDocumentsAsync(List<SapDocument> documents, ErpPostOutcome[] outcomes, CancellationToken cancellationToken)
    {
        foreach (var group in documents.GroupBy(d => d.Service))
        {
            var channel = group.Key == SapService.Confirmation ? _confirmations : _materialDocuments;
            foreach (var chunk in group.Chunk(_options.MaxDocumentsPerBatch))
            {
                await PostChunkAsync(channel, chunk, outcomes, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PostChunkAsync(SapODataChannel channel, SapDocument[] chunk, ErpPostOutcome[] outcomes, CancellationToken cancellationToken)
    {
        using var held = await _locks.AcquireAsync(chunk.SelectMany(d => d.LockKeys), cancellationToken).ConfigureAwait(false);
        await PostLockedChunkAsync(channel, chunk, outcomes, cancellationToken).ConfigureAwait(false);
        if (channel == _confirmations && _options.FailedGoodsMovementSet.Length > 0)
        {
            await ReadErrorPoolAsync(chunk, outcomes, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PostLockedChunkAsync(SapODataChannel channel, SapDocument[] chunk, ErpPostOutcome[] outcomes, CancellationToken cancellationToken)
    {
        var toPost = await LookUpUnknownAsync(channel, chunk, outcomes, cancellationToken).ConfigureAwait(false);
        if (toPost.Count == 0)
        {
            return;
        }

        var reply = await SendBatchAsync(channel, toPost.Select(d => new SapBatchOperation("POST", d.EntitySet, d.Json)).ToList(), cancellationToken).ConfigureAwait(false);
        if (ReplyProblem(reply) is { } problem)
        {
            foreach (var d in toPost)
            {
                outcomes[d.Index] = Resolve(d.Key, problem(d.Key));
            }

            return;
        }

        IReadOnlyList<SapBatchAnswer> answers;
        try
        {
            answers = SapBatchReader.Read(reply.ContentType, reply.Body);
        }
        catch (FormatException ex)
        {
            LogUnreadable(toPost.Count, Clean(ex.Message));
            foreach (var d in toPost)
            {
                outcomes[d.Index] = Resolve(d.Key, ErpPostOutcome.Unknown(d.Key, $"SAP's $batch answer could not be read ({ex.Message}); looked up before the next post"));
            }

            return;
        }

        for (var i = 0; i < toPost.Count; i++)
        {
            var d = toPost[i];
            outcomes[d.Index] = Resolve(d.Key, i < answers.Count
                ? FromAnswer(d, answers[i])
                : ErpPostOutcome.Unknown(d.Key, "SAP's $batch answer had no part for this document; looked up before the next post"));
        }
    }

    /// <summary>
    /// Looks up the chunk's keys whose last post ended unknown (all of them, shortly after start: the silo before may
    /// have crashed with posts in flight); returns the documents still to post.
    /// </summary>
    private async Task<List<SapDocument>> LookUpUnknownAsync(SapODataChannel channel, SapDocument[] chunk, ErpPostOutcome[] outcomes, CancellationToken cancellationToken)
    {
        var all = _timeProvider.GetUtcNow() < _lookUpAllUntil;
        var suspects = chunk.Where(d => all || _unknown.Contains(d.Key)).ToList();
        if (suspects.Count == 0)
        {
            return [.. chunk];
        }

        var reply = await SendBatchAsync(channel, suspects.Select(d => new SapBatchOperation("GET", d.LookupQuery)).ToList(), cancellationToken).ConfigureAwait(false);
        var (answers, failure) = ReadQueryAnswers(reply, "the lookup");

        for (var i = 0; i < suspects.Count; i++)
        {
            var d = suspects[i];
            var answer = answers is not null && i < answers.Count ? answers[i] : null;
            var (found, number, why) = ReadLookup(channel, d, answer, failure);
            if (found)
            {
                LogFoundAfterUnknown(d.Key, number);
                outcomes[d.Index] = Resolve(d.Key, ErpPostOutcome.Booked(d.Key, number, alreadyBooked: true));
            }
            else if (why is not null)
            {
                // Not knowing is no licence to post: the document waits until a lookup answers. It stays "unknown" only
                // if this silo saw its post end so; a lookup just after start is a precaution, not a known ambiguity.
                outcomes[d.Index] = _unknown.Contains(d.Key)
                    ? ErpPostOutcome.Unknown(d.Key, $"could not look up a document whose last post ended unknown: {why}")
                    : ErpPostOutcome.Transient(d.Key, $"could not look the document up before its first post since start: {why}");
            }

            // Not found: it is posted now, and stays remembered until that post's fate is known.
        }

        return chunk.Where(d => outcomes[d.Index] is null).ToList();
    }

    private (bool Found, string? Number, string? Why) ReadLookup(SapODataChannel channel, SapDocument d, SapBatchAnswer? answer, string? failure)
    {
        if (failure is not null || answer is null)
        {
            return (false, null, failure ?? "SAP's lookup answer had no part for it");
        }

        if (!answer.Succeeded)
        {
            return (false, null, $"{answer.Status}: {SapError.Parse(answer.Body).Describe()}");
        }

        try
        {
            var (found, number) = SapDocumentNumber.OfLookup(channel == _confirmations ? SapService.Confirmation : SapService.MaterialDocument, answer.Body);
            return (found, number, null);
        }
        catch (FormatException ex)
        {
            return (false, null, ex.Message);
        }
    }

    /// <summary>
    /// The parts of a read-only $batch (lookups, error-pool reads), or why there are none; <paramref name="what"/> names
    /// the read in that reason.
    /// </summary>
    private static (IReadOnlyList<SapBatchAnswer>? Answers, string? Failure) ReadQueryAnswers(SapReply reply, string what)
    {
        var failure = reply.Failure ?? (reply.Status is 200 or 202 ? null : $"SAP answered {what} with {reply.Status}");
        if (failure is not null)
        {
            return (null, failure);
        }

        try
        {
            return (SapBatchReader.Read(reply.ContentType, reply.Body), null);
        }
        catch (FormatException ex)
        {
            return (null, $"{what}'s answer could not be read ({ex.Message})");
        }
    }

    private async Task<SapReply> SendBatchAsync(SapODataChannel channel, IReadOnlyList<SapBatchOperation> operations, CancellationToken cancellationToken)
    {
        var (contentType, body) = SapBatchWriter.Write(operations);
        // A $batch always carries the token (SAP checks it on the POST), but only one with changesets can book anything.
        var reply = await channel.SendAsync(
            () =>
            {
                var content = new StringContent(body, System.Text.Encoding.UTF8);
                content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
                return new HttpRequestMessage(HttpMethod.Post, channel.Resolve("$batch")) { Content = content };
            },
            modifying: true,
            cancellationToken).ConfigureAwait(false);
        return operations.Any(o => o.InChangeset) ? reply : reply with { MaybeProcessed = false };
    }

    /// <summary>An outcome for every document when the $batch as a whole failed, or null when its parts can be read.</summary>
    private Func<string, ErpPostOutcome>? ReplyProblem(SapReply reply)
    {
        if (reply.Failure is { } failure)
        {
            if (reply.MaybeProcessed)
            {
                LogLost(Clean(failure));
                return key => ErpPostOutcome.Unknown(key, $"{failure}; looked up before the next post");
            }

            return key => ErpPostOutcome.Transient(key, failure);
        }

        if (reply.Status is 200 or 202)
        {
            return null;
        }

        // 500/502/504 on the $batch itself may come after the changesets ran (a gateway timing out on a slow backend).
        if (reply.Status is 500 or 502 or 504)
        {
            LogLost($"SAP answered the $batch with {reply.Status}");
            return key => ErpPostOutcome.Unknown(key, $"SAP answered the $batch with {reply.Status}; looked up before the next post");
        }

        // The communication user or the service path is wrong (or lacks a role): nothing was processed, and every
        // document would fail alike. They wait, with the reason in the plant's figures, until the setting is fixed.
        if (reply.Status is 401 or 403 or 404 or 405)
        {
            var text = SapError.Parse(reply.Body).Describe();
            return key => ErpPostOutcome.Transient(key, $"SAP refused the $batch with {reply.Status} (check Erp:Connector:Auth, the user's roles and the service paths): {text}");
        }

        return key => _classifier.Classify(key, reply.Status, reply.Body, reply.RetryAfter);
    }

    private ErpPostOutcome FromAnswer(SapDocument d, SapBatchAnswer answer)
    {
        if (!answer.Succeeded)
        {
            var outcome = _classifier.Classify(d.Key, answer.Status, answer.Body, null);
            if (outcome.Status == ErpOutcomeStatus.Rejected)
            {
                LogRejected(d.Key, Clean(outcome.Reason));
            }

            return outcome;
        }

        if (answer.SapMessage is { Length: > 0 } warning)
        {
            LogWarning(d.Key, Clean(warning));
        }

        string? number;
        try
        {
            number = SapDocumentNumber.OfCreated(d.Service, answer.Body);
        }
        catch (FormatException)
        {
            number = null; // Booked all the same: the 201 is what counts.
        }

        return ErpPostOutcome.Booked(d.Key, number);
    }

    private string Clean(string? text) => ReceiverText.Clean(text, _secrets, maxLength: 1000);

    /// <summary>Remembers an unknown outcome for a lookup before the next post; forgets the key once its fate is known.</summary>
    private ErpPostOutcome Resolve(string key, ErpPostOutcome outcome)
    {
        if (outcome.Ambiguous)
        {
            _unknown.Add(key);
        }
        else if (outcome.Status != ErpOutcomeStatus.Transient)
        {
            _unknown.Resolve(key);
        }

        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SAP: no answer after a $batch left ({Failure}); its documents are looked up before they are posted again")]
    private partial void LogLost(string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SAP: $batch answer of {Count} documents could not be read ({Error}); they are looked up before they are posted again")]
    private partial void LogUnreadable(int count, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "SAP: document {Key} whose post ended unknown was found booked ({DocumentNumber}); not posted again")]
    private partial void LogFoundAfterUnknown(string key, string? documentNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SAP refused document {Key}: {Reason}")]
    private partial void LogRejected(string key, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "SAP booked document {Key} with a warning: {Warning}")]
    private partial void LogWarning(string key, string warning);
}
