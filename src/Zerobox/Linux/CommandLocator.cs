using Zerobox.Policy;
using Zerobox.Runtime;

namespace Zerobox.Linux;

/// <summary>
/// Before starting the sandbox, finds where the command lives on the host. When it exists there but lies
/// outside what the sandbox may read, a bare "not found" from inside would mislead: say so and name the grant.
/// </summary>
public static class CommandLocator
{
    public static void Check(SandboxPolicy policy)
    {
        var name = policy.Command[0];
        var path = policy.Environment.FirstOrDefault(kv => kv.Key == "PATH").Value;
        string? hidden = null;
        if (name.Contains('/'))
        {
            var abs = PathUtil.Normalize(name.StartsWith('/') ? name : policy.Cwd + "/" + name);
            if (!File.Exists(abs)) return;
            if (Visible(policy, abs)) return;
            hidden = abs;
        }
        else
        {
            foreach (var dir in (path ?? "").Split(':'))
            {
                if (dir.Length == 0 || dir[0] != '/') continue;
                var candidate = PathUtil.Combine(dir, name);
                if (!File.Exists(candidate)) continue;
                if (Visible(policy, candidate))
                {
                    // The sandbox will run this one; say so when the caller's own shell would run another.
                    if (hidden is not null)
                        StdErr.WriteLine($"zerobox: note: {name} is {hidden} on the host but {candidate} in the sandbox; " +
                            $"add --allow-read={SuggestGrant(policy, hidden)} to run the same one");
                    return;
                }
                hidden ??= candidate;
            }
        }
        if (hidden is null) return;
        var what = hidden == name ? hidden : $"{name} is {hidden}, which";
        throw new ZeroboxException(
            $"{what} is outside what the sandbox may read; add --allow-read={SuggestGrant(policy, hidden)}",
            ExitCodes.NotFound);
    }

    private static bool Visible(SandboxPolicy policy, string candidate)
    {
        var dir = HostPaths.RealPath(PathUtil.Parent(candidate), "command") ?? PathUtil.Parent(candidate);
        var real = HostPaths.RealPath(candidate, "command") ?? candidate;
        return policy.AccessOf(dir) != Access.Hidden && policy.AccessOf(real) != Access.Hidden;
    }

    /// <summary>A toolchain in the home directory (~/.pyenv, ~/.cargo) needs its whole tree; elsewhere the directory.</summary>
    private static string SuggestGrant(SandboxPolicy policy, string hidden)
    {
        if (PathUtil.IsSameOrUnder(hidden, policy.Home) && hidden != policy.Home)
        {
            var rest = hidden[(policy.Home.Length + 1)..];
            var first = rest.Split('/')[0];
            if (rest.Contains('/')) return PathUtil.Combine(policy.Home, first);
        }
        return PathUtil.Parent(hidden);
    }
}
