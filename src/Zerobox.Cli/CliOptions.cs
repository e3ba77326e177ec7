using Zerobox.Policy;

namespace Zerobox.Cli;

public sealed record CliOptions(PolicyRequest Request, bool Explain, bool Help, bool Version);
