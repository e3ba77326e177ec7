using Zerobox.Policy;
using Zerobox.Runtime;

namespace Zerobox.Linux;

/// <summary>What Landlock grants a path inside the sandbox (a second wall behind the mount plan).</summary>
public enum LandlockGrant { Read, Write, Device, Proc }

public sealed record LandlockRule(string Path, LandlockGrant Grant);

/// <summary>A host path zerobox must create before the run, only so that something can be mounted over it:
/// a protected name that does not exist yet inside a writable directory must not become creatable.</summary>
public sealed record Placeholder(string Path, bool IsDirectory);

/// <summary>One line of --explain: a path and what the sandbox sees there.</summary>
public sealed record PlanEntry(string Path, string View);

/// <summary>The file system view of a run, as bubblewrap arguments plus the Landlock rules that repeat it.</summary>
public sealed record MountPlan(
    IReadOnlyList<string> BwrapArgs,
    IReadOnlyList<Placeholder> Placeholders,
    IReadOnlyList<LandlockRule> Landlock,
    IReadOnlyList<PlanEntry> Entries,
    string Cwd);
