namespace Twin.OpcUa.Encoding;

/// <summary>
/// An OPC UA status code (Part 4 §7.39 / Part 6 §5.2.2.11). The top two bits give the severity:
/// 00 good, 01 uncertain, 10 bad.
/// </summary>
public readonly record struct StatusCode(uint Code)
{
    /// <summary>The operation succeeded.</summary>
    public static readonly StatusCode Good = new(0);
    /// <summary>Generic uncertain result.</summary>
    public static readonly StatusCode Uncertain = new(0x40000000);
    /// <summary>Generic bad result.</summary>
    public static readonly StatusCode Bad = new(0x80000000);
    /// <summary>An unexpected error occurred.</summary>
    public static readonly StatusCode BadUnexpectedError = new(0x80010000);
    /// <summary>An internal error occurred.</summary>
    public static readonly StatusCode BadInternalError = new(0x80020000);
    /// <summary>Not enough memory to complete the operation.</summary>
    public static readonly StatusCode BadOutOfMemory = new(0x80030000);
    /// <summary>An operating system resource is not available.</summary>
    public static readonly StatusCode BadResourceUnavailable = new(0x80040000);
    /// <summary>A low level communication error occurred.</summary>
    public static readonly StatusCode BadCommunicationError = new(0x80050000);
    /// <summary>Encoding halted because of invalid data in the objects being serialized.</summary>
    public static readonly StatusCode BadEncodingError = new(0x80060000);
    /// <summary>Decoding halted because of invalid data in the stream.</summary>
    public static readonly StatusCode BadDecodingError = new(0x80070000);
    /// <summary>The message encoding/decoding limits imposed by the stack have been exceeded.</summary>
    public static readonly StatusCode BadEncodingLimitsExceeded = new(0x80080000);
    /// <summary>The request message size exceeds limits set by the server.</summary>
    public static readonly StatusCode BadRequestTooLarge = new(0x80B80000);
    /// <summary>The response message size exceeds limits set by the client.</summary>
    public static readonly StatusCode BadResponseTooLarge = new(0x80B90000);
    /// <summary>An unrecognized response was received from the server.</summary>
    public static readonly StatusCode BadUnknownResponse = new(0x80090000);
    /// <summary>The operation timed out.</summary>
    public static readonly StatusCode BadTimeout = new(0x800A0000);
    /// <summary>The server does not support the requested service.</summary>
    public static readonly StatusCode BadServiceUnsupported = new(0x800B0000);
    /// <summary>The operation was cancelled because the application is shutting down.</summary>
    public static readonly StatusCode BadShutdown = new(0x800C0000);
    /// <summary>The operation could not complete because the client is not connected to the server.</summary>
    public static readonly StatusCode BadServerNotConnected = new(0x800D0000);
    /// <summary>The server has stopped and cannot process any requests.</summary>
    public static readonly StatusCode BadServerHalted = new(0x800E0000);
    /// <summary>There was nothing to do because the client passed a list of operations with no elements.</summary>
    public static readonly StatusCode BadNothingToDo = new(0x800F0000);
    /// <summary>The request could not be processed because it specified too many operations.</summary>
    public static readonly StatusCode BadTooManyOperations = new(0x80100000);
    /// <summary>The certificate provided as a parameter is not valid.</summary>
    public static readonly StatusCode BadCertificateInvalid = new(0x80120000);
    /// <summary>An error occurred verifying security (signature, padding, decryption).</summary>
    public static readonly StatusCode BadSecurityChecksFailed = new(0x80130000);
    /// <summary>The certificate has expired or is not yet valid.</summary>
    public static readonly StatusCode BadCertificateTimeInvalid = new(0x80140000);
    /// <summary>An issuer certificate of the chain has expired or is not yet valid.</summary>
    public static readonly StatusCode BadCertificateIssuerTimeInvalid = new(0x80150000);
    /// <summary>The URI in the certificate does not match the application description.</summary>
    public static readonly StatusCode BadCertificateUriInvalid = new(0x80170000);
    /// <summary>The certificate is not trusted.</summary>
    public static readonly StatusCode BadCertificateUntrusted = new(0x801A0000);
    /// <summary>The certificate has been revoked by its issuer.</summary>
    public static readonly StatusCode BadCertificateRevoked = new(0x801D0000);
    /// <summary>An issuer certificate of the chain has been revoked.</summary>
    public static readonly StatusCode BadCertificateIssuerRevoked = new(0x801E0000);
    /// <summary>The certificate chain is incomplete or cannot be verified.</summary>
    public static readonly StatusCode BadCertificateChainIncomplete = new(0x810D0000);
    /// <summary>The nonce is not a random value or not the right length.</summary>
    public static readonly StatusCode BadNonceInvalid = new(0x80240000);
    /// <summary>The user token signature is missing or invalid.</summary>
    public static readonly StatusCode BadUserSignatureInvalid = new(0x80570000);
    /// <summary>The signature generated with the client certificate is missing or invalid.</summary>
    public static readonly StatusCode BadApplicationSignatureInvalid = new(0x80580000);
    /// <summary>The user identity token is not valid.</summary>
    public static readonly StatusCode BadIdentityTokenInvalid = new(0x80200000);
    /// <summary>The user identity token is valid but the server has rejected it.</summary>
    public static readonly StatusCode BadIdentityTokenRejected = new(0x80210000);
    /// <summary>The specified secure channel is no longer valid.</summary>
    public static readonly StatusCode BadSecureChannelIdInvalid = new(0x80220000);
    /// <summary>The session id is not valid.</summary>
    public static readonly StatusCode BadSessionIdInvalid = new(0x80250000);
    /// <summary>The session was closed by the client.</summary>
    public static readonly StatusCode BadSessionClosed = new(0x80260000);
    /// <summary>The session cannot be used because ActivateSession has not been called.</summary>
    public static readonly StatusCode BadSessionNotActivated = new(0x80270000);
    /// <summary>The subscription id is not valid.</summary>
    public static readonly StatusCode BadSubscriptionIdInvalid = new(0x80280000);
    /// <summary>The header for the request is missing or invalid.</summary>
    public static readonly StatusCode BadRequestHeaderInvalid = new(0x802A0000);
    /// <summary>The timestamps to return parameter is invalid.</summary>
    public static readonly StatusCode BadTimestampsToReturnInvalid = new(0x802B0000);
    /// <summary>The request was cancelled by the client.</summary>
    public static readonly StatusCode BadRequestCancelledByClient = new(0x802C0000);
    /// <summary>The node id refers to a node that does not exist in the server address space.</summary>
    public static readonly StatusCode BadNodeIdUnknown = new(0x80340000);
    /// <summary>The attribute is not supported for the specified node.</summary>
    public static readonly StatusCode BadAttributeIdInvalid = new(0x80350000);
    /// <summary>The syntax of the index range parameter is invalid.</summary>
    public static readonly StatusCode BadIndexRangeInvalid = new(0x80360000);
    /// <summary>The data encoding is invalid.</summary>
    public static readonly StatusCode BadDataEncodingInvalid = new(0x80380000);
    /// <summary>The access level does not allow reading or subscribing to the node.</summary>
    public static readonly StatusCode BadNotReadable = new(0x803A0000);
    /// <summary>The access level does not allow writing to the node.</summary>
    public static readonly StatusCode BadNotWritable = new(0x803B0000);
    /// <summary>The value was out of range.</summary>
    public static readonly StatusCode BadOutOfRange = new(0x803C0000);
    /// <summary>The requested operation is not supported.</summary>
    public static readonly StatusCode BadNotSupported = new(0x803D0000);
    /// <summary>The server does not support the requested monitored item filter.</summary>
    public static readonly StatusCode BadMonitoredItemFilterUnsupported = new(0x80440000);
    /// <summary>The monitoring mode is invalid.</summary>
    public static readonly StatusCode BadMonitoringModeInvalid = new(0x80410000);
    /// <summary>The monitored item id does not refer to a valid monitored item.</summary>
    public static readonly StatusCode BadMonitoredItemIdInvalid = new(0x80420000);
    /// <summary>The operation could not be processed because all continuation points have been allocated.</summary>
    public static readonly StatusCode BadNoContinuationPoints = new(0x804B0000);
    /// <summary>The browse direction is not valid.</summary>
    public static readonly StatusCode BadBrowseDirectionInvalid = new(0x804D0000);
    /// <summary>The continuation point provided is no longer valid.</summary>
    public static readonly StatusCode BadContinuationPointInvalid = new(0x804A0000);
    /// <summary>The server has reached its maximum number of sessions.</summary>
    public static readonly StatusCode BadTooManySessions = new(0x80560000);
    /// <summary>The server has reached its maximum number of subscriptions.</summary>
    public static readonly StatusCode BadTooManySubscriptions = new(0x80770000);
    /// <summary>The server has reached the maximum number of queued publish requests.</summary>
    public static readonly StatusCode BadTooManyPublishRequests = new(0x80780000);
    /// <summary>There is no subscription available for this session.</summary>
    public static readonly StatusCode BadNoSubscription = new(0x80790000);
    /// <summary>The sequence number is unknown to the server.</summary>
    public static readonly StatusCode BadSequenceNumberUnknown = new(0x807A0000);
    /// <summary>The requested notification message is no longer available.</summary>
    public static readonly StatusCode BadMessageNotAvailable = new(0x807B0000);
    /// <summary>The value supplied for the attribute is not of the same type as the attribute's value.</summary>
    public static readonly StatusCode BadTypeMismatch = new(0x80740000);
    /// <summary>The request could not be processed because there are too many monitored items in the subscription.</summary>
    public static readonly StatusCode BadTooManyMonitoredItems = new(0x80DB0000);
    /// <summary>The secure channel has been closed.</summary>
    public static readonly StatusCode BadSecureChannelClosed = new(0x80860000);
    /// <summary>The token has expired or is not recognized.</summary>
    public static readonly StatusCode BadSecureChannelTokenUnknown = new(0x80870000);
    /// <summary>The sequence number is not valid.</summary>
    public static readonly StatusCode BadSequenceNumberInvalid = new(0x80880000);
    /// <summary>The applications do not have compatible protocol versions.</summary>
    public static readonly StatusCode BadProtocolVersionUnsupported = new(0x80BE0000);
    /// <summary>The type of the message specified in the header is invalid.</summary>
    public static readonly StatusCode BadTcpMessageTypeInvalid = new(0x807E0000);
    /// <summary>The SecureChannelId and/or TokenId are not currently in use.</summary>
    public static readonly StatusCode BadTcpSecureChannelUnknown = new(0x807F0000);
    /// <summary>The size of the message chunk specified in the header is too large.</summary>
    public static readonly StatusCode BadTcpMessageTooLarge = new(0x80800000);
    /// <summary>There are not enough resources to process the request.</summary>
    public static readonly StatusCode BadTcpNotEnoughResources = new(0x80810000);
    /// <summary>An internal error occurred.</summary>
    public static readonly StatusCode BadTcpInternalError = new(0x80820000);
    /// <summary>The server does not recognize the QueryString specified.</summary>
    public static readonly StatusCode BadTcpEndpointUrlInvalid = new(0x80830000);
    /// <summary>The security mode does not meet the requirements set by the server.</summary>
    public static readonly StatusCode BadSecurityModeRejected = new(0x80540000);
    /// <summary>The security policy does not meet the requirements set by the server.</summary>
    public static readonly StatusCode BadSecurityPolicyRejected = new(0x80550000);
    /// <summary>The user does not have permission to perform the requested operation.</summary>
    public static readonly StatusCode BadUserAccessDenied = new(0x801F0000);
    /// <summary>The variable should receive its value from another variable, but has never been configured to do so; Twin also uses it when the endpoint cannot be reached.</summary>
    public static readonly StatusCode BadNotConnected = new(0x808A0000);
    /// <summary>The connection was closed by the peer.</summary>
    public static readonly StatusCode BadConnectionClosed = new(0x80AE0000);
    /// <summary>A mandatory structured parameter was missing or null.</summary>
    public static readonly StatusCode BadStructureMissing = new(0x80460000);
    /// <summary>The view id does not refer to a valid view node.</summary>
    public static readonly StatusCode BadViewIdUnknown = new(0x806B0000);
    /// <summary>The node class is not valid.</summary>
    public static readonly StatusCode BadNodeClassInvalid = new(0x805F0000);
    /// <summary>The server does not support writing the combination of value, status and time stamps provided (Twin: or an index range).</summary>
    public static readonly StatusCode BadWriteNotSupported = new(0x80730000);
    /// <summary>The subscription was transferred to another session.</summary>
    public static readonly StatusCode GoodSubscriptionTransferred = new(0x002D0000);
    /// <summary>Sampling has slowed down due to resource limitations.</summary>
    public static readonly StatusCode GoodOverload = new(0x002F0000);

    /// <summary>True when the severity bits say good.</summary>
    public bool IsGood => (Code & 0xC0000000) == 0;
    /// <summary>True when the severity bits say bad.</summary>
    public bool IsBad => (Code & 0x80000000) != 0;
    /// <summary>True when the severity bits say uncertain.</summary>
    public bool IsUncertain => (Code & 0xC0000000) == 0x40000000;

    // Info bits (Part 4 §7.39.1): InfoType 01 in bits 10-11 says the low bits describe a DataValue;
    // bit 7 is Overflow.
    private const uint DataValueInfoType = 0x00000400;
    private const uint InfoTypeMask = 0x00000C00;
    private const uint OverflowBit = 0x00000080;

    /// <summary>
    /// True when the server's queue of this monitored item overflowed and at least one value before
    /// this one was discarded (DataValue info bits, Overflow). Data were lost even though no
    /// notification message was missing.
    /// </summary>
    public bool IsOverflow => (Code & (InfoTypeMask | OverflowBit)) == (DataValueInfoType | OverflowBit);

    /// <summary>The same code with the DataValue Overflow info bit set.</summary>
    public StatusCode WithOverflow() => new((Code & ~InfoTypeMask) | DataValueInfoType | OverflowBit);

    /// <summary>The symbolic name when known, else the hex code.</summary>
    public override string ToString() => StatusCodeNames.Describe(this);
}
