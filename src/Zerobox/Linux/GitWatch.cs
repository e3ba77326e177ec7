using Zerobox.Policy;
using Zerobox.Runtime;

namespace Zerobox.Linux;

/// <summary>
/// A sandbox with a write grant can create a new git repository (git init, or a bare repository's files in the
/// working directory). zerobox cannot forbid that without forbidding ordinary work (cargo new, npm init), but a
/// host git run there later obeys that repository's config and hooks. So the writable trees are scanned before
/// and after the run, and every repository that appeared is named on stderr. Repositories that already existed
/// are read-only for the run (see <see cref="GitRepositories"/>).
/// </summary>
public sealed class GitWatch
{
    private readonly List<string> _roots;
    private readonly HashSet<string> _before;

    private GitWatch(List<string> roots, HashSet<string> before)
    {
        _roots = roots;
        _before = before;
    }

    public static GitWatch? Start(SandboxPolicy policy)
    {
        var roots = policy.Rules.Where(r => r.Origin == RuleOrigin.User && r.Kind == RuleKind.AllowWrite && HostPaths.IsDirectory(r.Path))
            .Select(r => r.Path).ToList();
        if (roots.Count == 0) return null;
        if (policy.AccessOf(policy.Cwd) == Access.ReadWrite) roots.Add(policy.Cwd);
        var before = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in roots.Distinct())
        {
            var (repos, truncated) = GitRepositories.ScanOnce(root);
            before.UnionWith(repos);
            if (truncated)
                StdErr.WriteLine($"zerobox: warning: stopped looking for git repositories under {root} after {GitRepositories.MaxDirectories} " +
                    "directories; repositories further in are not write-protected for this run (grant a narrower directory)");
        }
        return new GitWatch(roots.Distinct().ToList(), before);
    }

    public void Report()
    {
        foreach (var root in _roots)
            foreach (var repo in GitRepositories.Scan(root).Repositories)
                if (!_before.Contains(repo))
                    StdErr.WriteLine($"zerobox: warning: the command created a git repository at {repo}; git obeys its config and " +
                        "hooks when you run git there, so inspect it (or delete it) first");
    }
}
