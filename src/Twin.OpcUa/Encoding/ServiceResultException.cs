namespace Twin.OpcUa.Encoding;

/// <summary>A service call completed with a bad status code from the server (ServiceFault or bad ServiceResult).</summary>
public sealed class ServiceResultException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ServiceResultException(StatusCode status, string message)
        : base($"{message}: {status}")
    {
        Status = status;
    }

    /// <summary>The status the server returned.</summary>
    public StatusCode Status { get; }
}
