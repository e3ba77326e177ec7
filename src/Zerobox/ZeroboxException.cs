namespace Zerobox;

/// <summary>A failure of zerobox itself (not of the sandboxed command). The message is one line that names
/// the problem and the fix; the CLI prints it as <c>zerobox: {Message}</c> and exits with <see cref="ExitCode"/>.</summary>
public sealed class ZeroboxException(string message, int exitCode = ExitCodes.ZeroboxFailure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

public static class ExitCodes
{
    public const int ZeroboxFailure = 125;
    public const int NotExecutable = 126;
    public const int NotFound = 127;
    public const int SignalBase = 128;
}
