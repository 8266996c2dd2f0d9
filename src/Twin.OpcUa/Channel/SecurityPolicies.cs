namespace Twin.OpcUa.Channel;

/// <summary>Security policy URIs (Part 7). Twin supports only None so far.</summary>
public static class SecurityPolicies
{
    /// <summary>No signing, no encryption.</summary>
    public const string None = "http://opcfoundation.org/UA/SecurityPolicy#None";

    /// <summary>UA TCP binary transport profile.</summary>
    public const string UaTcpTransport = "http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary";
}
