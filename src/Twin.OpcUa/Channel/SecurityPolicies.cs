namespace Twin.OpcUa.Channel;

/// <summary>Security policy URIs (Part 7); the algorithms behind them are in <see cref="Security.SecurityPolicy"/>.</summary>
public static class SecurityPolicies
{
    /// <summary>No signing, no encryption.</summary>
    public const string None = "http://opcfoundation.org/UA/SecurityPolicy#None";

    /// <summary>RSA-OAEP-SHA1, RSA-PKCS1-SHA256 signatures, AES-256-CBC, HMAC-SHA256.</summary>
    public const string Basic256Sha256 = "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256";

    /// <summary>RSA-OAEP-SHA1, RSA-PKCS1-SHA256 signatures, AES-128-CBC, HMAC-SHA256.</summary>
    public const string Aes128Sha256RsaOaep = "http://opcfoundation.org/UA/SecurityPolicy#Aes128_Sha256_RsaOaep";

    /// <summary>RSA-OAEP-SHA256, RSA-PSS-SHA256 signatures, AES-256-CBC, HMAC-SHA256.</summary>
    public const string Aes256Sha256RsaPss = "http://opcfoundation.org/UA/SecurityPolicy#Aes256_Sha256_RsaPss";

    /// <summary>UA TCP binary transport profile.</summary>
    public const string UaTcpTransport = "http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary";
}
