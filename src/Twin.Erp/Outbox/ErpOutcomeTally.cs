namespace Twin.Erp.Outbox;

/// <summary>What recording one batch's outcomes did, for a log line.</summary>
public sealed record ErpOutcomeTally(int Booked, int AlreadyBooked, int Retried, int DeadLettered);
