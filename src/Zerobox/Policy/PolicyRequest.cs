namespace Zerobox.Policy;

/// <summary>What the caller asked for, as typed (paths unresolved). Built by the CLI or an SDK and turned into
/// a <see cref="SandboxPolicy"/> by <see cref="PolicyBuilder"/>.</summary>
public sealed record PolicyRequest
{
    public IReadOnlyList<string> AllowRead { get; init; } = [];
    public IReadOnlyList<string> DenyRead { get; init; } = [];
    public IReadOnlyList<string> AllowWrite { get; init; } = [];
    public IReadOnlyList<string> DenyWrite { get; init; } = [];
    /// <summary>Bare --allow-read: everything readable (protected paths still hidden).</summary>
    public bool AllowReadAll { get; init; }
    /// <summary>Bare --allow-write: everything writable (protected paths still read-only or hidden).</summary>
    public bool AllowWriteAll { get; init; }
    public bool AllowEnvAll { get; init; }
    public IReadOnlyList<string> AllowEnv { get; init; } = [];
    public IReadOnlyList<string> DenyEnv { get; init; } = [];
    /// <summary>--env K=V, in order; applied last.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SetEnv { get; init; } = [];
    public string? Cwd { get; init; }
    /// <summary>-A: no sandbox at all (environment filtering still applies).</summary>
    public bool AllowAll { get; init; }
    public bool AllowUnixSockets { get; init; }
    public IReadOnlyList<string> Command { get; init; } = [];
}
