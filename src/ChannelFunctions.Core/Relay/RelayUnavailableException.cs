namespace ChannelFunctions.Core.Relay;

/// <summary>Where relayed events go is unavailable or throttling; the sender should retry later.</summary>
public sealed class RelayUnavailableException : Exception
{
    /// <summary>Creates the exception with the reason, a suggested wait and the failure behind it.</summary>
    public RelayUnavailableException(string message, TimeSpan retryAfter, Exception? innerException = null)
        : base(message, innerException) => RetryAfter = retryAfter;

    /// <summary>How long the sender should wait before retrying.</summary>
    public TimeSpan RetryAfter { get; }
}
