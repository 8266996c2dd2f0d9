namespace Twin.Erp.Inbound;

/// <summary>What applying one imported order to its twin did.</summary>
public enum ErpOrderApplied
{
    /// <summary>A new work-order twin.</summary>
    Created,

    /// <summary>The twin took a newer ERP version (quantity, routing, components or status).</summary>
    Updated,

    /// <summary>The twin already holds this ERP version (an overlap re-read or a redelivery).</summary>
    Unchanged,

    /// <summary>Not for the shop floor (not released yet, or closed before Twin ever saw it).</summary>
    Ignored,

    /// <summary>The twin refused it (e.g. routing or quantity out of bounds); the reason is in the poll result.</summary>
    Refused,
}
