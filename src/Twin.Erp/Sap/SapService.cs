namespace Twin.Erp.Sap;

/// <summary>The two OData services documents go to.</summary>
internal enum SapService
{
    /// <summary>API_PROD_ORDER_CONFIRMATION_2_SRV, entity set ProdnOrdConf2.</summary>
    Confirmation,

    /// <summary>API_MATERIAL_DOCUMENT_SRV, entity set A_MaterialDocumentHeader.</summary>
    MaterialDocument,
}
