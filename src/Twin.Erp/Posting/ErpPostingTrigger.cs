namespace Twin.Erp.Posting;

/// <summary>Why open posting windows close before their time.</summary>
public enum ErpPostingTriggerKind
{
    /// <summary>The work order was completed: its windows close, and their documents are the final confirmation.</summary>
    OrderCompleted,

    /// <summary>A machine went Down or into Setup: the windows of the operations it reported on close.</summary>
    MachineStopped,
}

/// <summary>A shop-floor event that books nothing itself but closes open posting windows early.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Id">The work order (<see cref="ErpPostingTriggerKind.OrderCompleted"/>) or machine (<see cref="ErpPostingTriggerKind.MachineStopped"/>).</param>
public sealed record ErpPostingTrigger(ErpPostingTriggerKind Kind, string Id);
