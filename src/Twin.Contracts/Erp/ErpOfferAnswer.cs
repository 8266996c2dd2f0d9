namespace Twin.Contracts;

/// <summary>What ERP synchronisation did with a business event.</summary>
public enum ErpOfferAnswer
{
    /// <summary>Turned into a transaction and stored durably in the queue.</summary>
    Queued = 0,

    /// <summary>Its transaction is already queued, booked or dead-lettered (a redelivery).</summary>
    Duplicate = 1,

    /// <summary>The event is not booked in the ERP (e.g. a status change); nothing to do.</summary>
    NotForErp = 2,

    /// <summary>The queue is full; the event was not taken and must be offered again later.</summary>
    QueueFull = 3,
}
