namespace ChannelFunctions.Core.Lookups;

/// <summary>The store refused a continuation that this service had signed (for example one it no longer reads).</summary>
public sealed class InvalidContinuationException(string message, Exception? inner = null) : Exception(message, inner);
