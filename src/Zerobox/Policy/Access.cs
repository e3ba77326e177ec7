namespace Zerobox.Policy;

/// <summary>What the sandboxed program may do with a path. Ordered: each level includes the previous one.</summary>
public enum Access { Hidden = 0, ReadOnly = 1, ReadWrite = 2 }

public enum RuleKind { AllowRead, DenyRead, AllowWrite, DenyWrite }

/// <summary>Where a rule came from. Protected rules only yield to a user grant of the exact same path;
/// Internal rules (zerobox's own state) never yield.</summary>
public enum RuleOrigin { Default, User, Protected, Internal }

/// <summary>One path rule. <see cref="Path"/> is absolute, normalised and (for the part that exists) symlink-free.</summary>
public sealed record PathRule(string Path, RuleKind Kind, RuleOrigin Origin)
{
    public override string ToString() => $"{Kind} {Path} ({Origin})";
}
