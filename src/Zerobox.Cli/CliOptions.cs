using Zerobox.Policy;

namespace Zerobox.Cli;

/// <param name="BareFlagBeforeCommand">A bare grant (--allow-read) that came right before the command with no
/// "--" between them: "--allow-read ." is a likely typo for "--allow-read=.".</param>
public sealed record CliOptions(PolicyRequest Request, bool Explain, bool Help, bool Version, string? BareFlagBeforeCommand = null);
