namespace Zerobox.Policy;

/// <summary>The fully resolved policy: absolute real paths, precedence applied, environment computed.
/// Everything downstream (mount plan, Landlock rules, --explain) reads only this.</summary>
public sealed record SandboxPolicy(
    IReadOnlyList<PathRule> Rules,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    string Cwd,
    string Home,
    uint Uid,
    uint Gid,
    IReadOnlyList<string> Command,
    bool AllowAll,
    bool AllowUnixSockets,
    string StateDir)
{
    /// <summary>Size cap of each private scratch tmpfs (/tmp and HOME).</summary>
    public const long ScratchBytes = 512L * 1024 * 1024;

    private AccessResolver? _resolver;
    public AccessResolver Resolver => _resolver ??= new AccessResolver(Rules);
    public Access AccessOf(string path) => Resolver.AccessOf(path);
}
