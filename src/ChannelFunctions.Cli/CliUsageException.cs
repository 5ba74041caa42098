namespace ChannelFunctions.Cli;

/// <summary>A command-line mistake the user can fix: printed as it is, exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
