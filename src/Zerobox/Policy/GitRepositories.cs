using Zerobox.Runtime;

namespace Zerobox.Policy;

/// <summary>Finds what makes a host git run code: repositories a little below a writable root, a worktree's
/// common directory, and hook directories moved elsewhere with core.hooksPath.</summary>
public static class GitRepositories
{
    /// <summary>How deep below a writable root nested repositories are looked for, and how many directories
    /// may be listed in all (this runs on the start path of every run with a write grant).</summary>
    public const int MaxDepth = 2, MaxDirectories = 400;

    private static readonly HashSet<string> Skip = new(StringComparer.Ordinal)
    {
        ".git", "node_modules", ".cache", ".venv", "venv", "__pycache__", ".npm", ".cargo", ".rustup", "target",
        ".local", ".pyenv", ".nvm", ".gradle", ".m2",
    };

    private static readonly Dictionary<string, (List<string>, bool)> Cache = new(StringComparer.Ordinal);

    /// <summary>Like <see cref="Scan"/>, but each root is listed once per process: the policy and the
    /// pre-run half of GitWatch need the same answer before the sandbox starts.</summary>
    public static (List<string> Repositories, bool Truncated) ScanOnce(string root)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(root, out var result)) Cache[root] = result = Scan(root);
            return result;
        }
    }

    /// <summary>Repositories up to <see cref="MaxDepth"/> below <paramref name="root"/> (each as its working
    /// directory, or the directory itself when it is a bare repository), and whether the listing budget ran out.</summary>
    public static (List<string> Repositories, bool Truncated) Scan(string root)
    {
        var found = new List<string>();
        if (LooksBare(root)) found.Add(root);
        var queue = new Queue<(string Dir, int Depth)>();
        queue.Enqueue((root, 0));
        var listed = 0;
        while (queue.Count > 0 && listed < MaxDirectories)
        {
            var (dir, depth) = queue.Dequeue();
            if (depth >= MaxDepth) continue;
            IEnumerable<string> children;
            try { children = Directory.EnumerateDirectories(dir).ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            listed++;
            foreach (var child in children)
            {
                var name = child[(child.LastIndexOf('/') + 1)..];
                if (Skip.Contains(name) || HostPaths.KindOf(child) != HostPaths.FileKind.Directory) continue;
                if (IsRepository(child) || LooksBare(child)) found.Add(child);
                queue.Enqueue((child, depth + 1));
            }
        }
        return (found, queue.Count > 0 && listed >= MaxDirectories);
    }

    /// <summary>A working tree: a .git file (pointer) or a .git directory with a HEAD. An empty .git directory
    /// (zerobox's own placeholder, for one) is not a repository to git.</summary>
    private static bool IsRepository(string dir)
    {
        var dotGit = PathUtil.Combine(dir, ".git");
        return HostPaths.KindOf(dotGit) switch
        {
            HostPaths.FileKind.File => true,
            HostPaths.FileKind.Directory => HostPaths.Exists(PathUtil.Combine(dotGit, "HEAD")),
            _ => false,
        };
    }

    /// <summary>git treats a directory holding HEAD, objects/ and refs/ as a (bare) repository.</summary>
    private static bool LooksBare(string dir) =>
        HostPaths.KindOf(PathUtil.Combine(dir, "HEAD")) == HostPaths.FileKind.File
        && HostPaths.IsDirectory(PathUtil.Combine(dir, "objects"))
        && HostPaths.IsDirectory(PathUtil.Combine(dir, "refs"));

    /// <summary>A linked worktree's git dir names the main repository's git dir in its "commondir" file.</summary>
    public static string? CommonDir(string gitDir)
    {
        try
        {
            var file = PathUtil.Combine(gitDir, "commondir");
            if (HostPaths.KindOf(file) != HostPaths.FileKind.File) return null;
            var value = File.ReadLines(file).FirstOrDefault()?.Trim();
            if (string.IsNullOrEmpty(value)) return null;
            var abs = value.StartsWith('/') ? PathUtil.Normalize(value) : PathUtil.Combine(gitDir, value);
            return HostPaths.RealPath(abs, "commondir");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>core.hooksPath from the repository's config and the user's global config (relative values are
    /// relative to the repository's top directory, as git reads them). Read loosely: protecting a path that
    /// is not really a hooks directory costs nothing, missing one does.</summary>
    public static IEnumerable<string> HooksPaths(string repoRoot, string gitDir, IReadOnlyList<string> homes)
    {
        var configs = new List<string> { PathUtil.Combine(gitDir, "config") };
        foreach (var h in homes)
        {
            configs.Add(PathUtil.Combine(h, ".gitconfig"));
            configs.Add(PathUtil.Combine(h, ".config/git/config"));
        }
        foreach (var config in configs)
        {
            if (HostPaths.KindOf(config) != HostPaths.FileKind.File) continue;
            List<string> lines;
            try { lines = File.ReadLines(config).ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var raw in lines)
            {
                var line = raw.Trim();
                var eq = line.IndexOf('=');
                if (eq <= 0 || !line[..eq].Trim().Equals("hooksPath", StringComparison.OrdinalIgnoreCase)) continue;
                var value = line[(eq + 1)..].Trim().Trim('"');
                if (value.Length == 0) continue;
                if (value.StartsWith("~/", StringComparison.Ordinal)) value = homes[0] + value[1..];
                yield return value.StartsWith('/') ? PathUtil.Normalize(value) : PathUtil.Combine(repoRoot, value);
            }
        }
    }
}
