using Twin.Erp.Transactions;

namespace Twin.Erp.Connector;

/// <summary>
/// A goods movement the ERP did not post although the document that triggered it was booked (SAP parks failed
/// backflushes and automatic receipts of a confirmation in its error pool, transaction COGI).
/// </summary>
/// <param name="Transaction">The movement in Twin's terms, with a key derived from the booked document's key, so reading it twice finds one dead letter.</param>
/// <param name="Reason">The ERP's message id and text.</param>
public sealed record ErpFailedGoodsMovement(ErpTransaction Transaction, string Reason);
