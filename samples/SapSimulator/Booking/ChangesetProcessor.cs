using System.Text.Json;
using Microsoft.Extensions.Options;
using SapSimulator.OData;

namespace SapSimulator.Booking;

/// <summary>
/// Runs OData operations of one service the way SAP does: a changeset is checked whole, takes all its locks or fails on
/// the first one held, books everything or nothing, and answers with one error for the whole changeset when it fails.
/// </summary>
public sealed class ChangesetProcessor(
    ConfirmationService confirmations,
    MaterialDocumentService materialDocuments,
    SimulatorLocks locks,
    IOptions<SapSimulatorOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>Answers of a successful changeset (one per operation), or its single error answer.</summary>
    public async Task<(IReadOnlyList<ODataAnswer>? Answers, ODataAnswer? Error)> RunChangesetAsync(string service, IReadOnlyList<ODataOperation> operations, CancellationToken cancellationToken)
    {
        var prepared = new List<PreparedPosting>();
        foreach (var operation in operations)
        {
            var (posting, error) = Prepare(service, operation);
            if (error is not null)
            {
                return (null, error);
            }

            prepared.Add(posting!);
        }

        var keys = prepared.SelectMany(p => p.LockKeys).Distinct(StringComparer.Ordinal).ToList();
        if (locks.TryTake(keys) is { } held)
        {
            var (messageId, what) = held.StartsWith("order:", StringComparison.Ordinal)
                ? (SimulatorMessages.OrderLocked, $"Order {held[6..]} is currently being processed by user TWIN_OTHER")
                : (SimulatorMessages.MaterialLocked, $"Material {held.Split(':')[2]} in plant {held.Split(':')[1]} is locked by user TWIN_OTHER");
            return (null, ODataAnswer.Error(400, messageId, what));
        }

        try
        {
            if (options.Value.ProcessingTime > TimeSpan.Zero)
            {
                await Task.Delay(options.Value.ProcessingTime, timeProvider, cancellationToken);
            }

            return (prepared.Select(p => p.Book()).ToList(), null);
        }
        finally
        {
            locks.Release(keys);
        }
    }

    /// <summary>A GET (query) or a single POST outside a changeset.</summary>
    public async Task<ODataAnswer> RunAsync(string service, ODataOperation operation, CancellationToken cancellationToken)
    {
        if (operation.Method == "GET")
        {
            return (service, operation.EntitySet) switch
            {
                (ConfirmationService.Name, var path) when ConfirmationService.Serves(path) => confirmations.Query(operation),
                (MaterialDocumentService.Name, MaterialDocumentService.EntitySet) => materialDocuments.Query(operation),
                _ => UnknownSet(operation),
            };
        }

        var (answers, error) = await RunChangesetAsync(service, [operation], cancellationToken);
        return error ?? answers![0];
    }

    private (PreparedPosting? Posting, ODataAnswer? Error) Prepare(string service, ODataOperation operation)
    {
        if (operation.Method != "POST")
        {
            return (null, ODataAnswer.Error(400, SimulatorMessages.BadRequest, $"{operation.Method} is not allowed in a changeset here (create only)"));
        }

        try
        {
            return (service, operation.EntitySet) switch
            {
                (ConfirmationService.Name, ConfirmationService.EntitySet) => confirmations.Prepare(operation.Body),
                (MaterialDocumentService.Name, MaterialDocumentService.EntitySet) => materialDocuments.Prepare(operation.Body),
                _ => (null, UnknownSet(operation)),
            };
        }
        catch (JsonException ex)
        {
            return (null, ODataAnswer.Error(400, SimulatorMessages.BadRequest, $"The request body is not valid JSON: {ex.Message}"));
        }
    }

    private static ODataAnswer UnknownSet(ODataOperation operation) =>
        ODataAnswer.Error(404, SimulatorMessages.UnknownEntitySet, $"Resource not found for segment '{operation.EntitySet}'");
}
