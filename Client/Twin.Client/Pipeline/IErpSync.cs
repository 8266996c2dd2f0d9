using Twin.Contracts;

namespace Twin.Client;

/// <summary>A plant's ERP synchronisation: queue figures, dead letters and their replay.</summary>
public interface IErpSync
{
    /// <summary>Pending count, oldest pending age, posted, retried and dead-lettered figures of <paramref name="plant"/>.</summary>
    Task<ErpSyncFigures> GetFiguresAsync(string plant, CancellationToken cancellationToken = default);

    /// <summary>Transactions the ERP rejected, oldest first, with the ERP's reason.</summary>
    Task<IReadOnlyList<ErpDeadLetter>> GetDeadLettersAsync(string plant, int max = 100, CancellationToken cancellationToken = default);

    /// <summary>Puts one dead letter back in the queue after its cause was fixed in the ERP.</summary>
    Task<ErpReplayAnswer> ReplayAsync(string plant, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Puts every dead letter of the plant back in the queue; returns how many.</summary>
    Task<int> ReplayAllAsync(string plant, CancellationToken cancellationToken = default);
}
