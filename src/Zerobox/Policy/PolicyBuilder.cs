using Zerobox.Runtime;

namespace Zerobox.Policy;

/// <summary>Resolves a <see cref="PolicyRequest"/> against the host into a <see cref="SandboxPolicy"/>:
/// expands and resolves paths, adds the defaults and the protected paths, applies the exact-name exemptions.</summary>
public static class PolicyBuilder
{
    /// <summary>The system runtime, readable by default. Symlinked entries (merged /usr) are recreated as
    /// symlinks by the mount plan rather than granted here.</summary>
    public static readonly string[] SystemRoots = ["/usr", "/etc", "/opt", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    public static SandboxPolicy Build(PolicyRequest request, HostContext host)
    {
        ValidateEnvironment(request);

        var cwdAbs = HostPaths.Expand(request.Cwd ?? host.Cwd, host, "--cwd");
        var cwd = HostPaths.RealPath(cwdAbs, "--cwd")
            ?? throw new ZeroboxException($"--cwd: {cwdAbs} does not exist; create it or pass an existing directory");
        if (!Directory.Exists(cwd))
            throw new ZeroboxException($"--cwd: {cwd} is not a directory; pass a directory");
        var home = HostPaths.RealPath(host.Home, "HOME") ?? host.Home;

        var rules = new List<PathRule>();
        foreach (var root in SystemRoots)
            if (HostPaths.IsDirectory(root))
                rules.Add(new PathRule(root, RuleKind.AllowRead, RuleOrigin.Default));

        var user = new List<PathRule>();
        if (request.AllowReadAll) user.Add(new PathRule("/", RuleKind.AllowRead, RuleOrigin.User));
        if (request.AllowWriteAll) user.Add(new PathRule("/", RuleKind.AllowWrite, RuleOrigin.User));
        var viaSymlink = new List<(string Typed, string Lexical, string Hop)>();
        AddGrants(user, request.AllowRead, RuleKind.AllowRead, "--allow-read", host, viaSymlink);
        AddGrants(user, request.AllowWrite, RuleKind.AllowWrite, "--allow-write", host, viaSymlink);
        AddDenials(user, request.DenyRead, RuleKind.DenyRead, "--deny-read", host);
        AddDenials(user, request.DenyWrite, RuleKind.DenyWrite, "--deny-write", host);
        rules.AddRange(user);

        // Protected paths matter only where a grant makes something visible: a default run, which sees no home
        // directory at all, does not pay for resolving them. With any grant they are all resolved, because a
        // protected name may be a symlink into the granted tree (~/.ssh -> /data/keys under --allow-read=/data).
        var anyGrant = user.Any(r => r.Kind is RuleKind.AllowRead or RuleKind.AllowWrite);
        var anyWriteGrant = user.Any(r => r.Kind == RuleKind.AllowWrite);
        // Read /etc/passwd once: both the credential stores and the code-execution files need the passwd home.
        var passwdHome = anyGrant ? PasswdHome(host.Uid) : null;
        var homes = anyGrant ? AllHomes(home, passwdHome) : [];
        // Which typed (lexical) protected names produced each protected rule: a grant may pass through a
        // symlink into a protected path only when the user typed that very name.
        var sources = new Dictionary<PathRule, HashSet<string>>();
        void Protect(string lexical, string resolved, RuleKind kind, RuleOrigin origin)
        {
            var rule = new PathRule(resolved, kind, origin);
            rules.Add(rule);
            if (!sources.TryGetValue(rule, out var set)) sources[rule] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(lexical);
        }
        var lexicalProtected = new List<(string Base, string Relative)>();
        foreach (var h in homes)
            foreach (var name in ProtectedPaths.CredentialStores)
            {
                Protect(PathUtil.Combine(h, name), HostPaths.ResolveUnder(h, name), RuleKind.DenyRead, RuleOrigin.Protected);
                lexicalProtected.Add((h, name));
            }
        foreach (var secret in SystemSecretPaths())
            Protect(secret, HostPaths.ResolveUnder("/", secret), RuleKind.DenyRead, RuleOrigin.Protected);
        // Run by root, the sandbox's uid 0 owns root's files: whatever in the default-readable system trees an
        // ordinary user could not read (keystores, VPN and cluster configs) is hidden, as the kernel's
        // permission check hides it from everyone else.
        if (host.Uid == 0)
            foreach (var hidden in RootOnlyEntries.Under(["/etc"]))
                Protect(hidden, hidden, RuleKind.DenyRead, RuleOrigin.Protected);
        foreach (var state in anyGrant ? ZeroboxStatePaths(home, host) : [])
            Protect(state, state, RuleKind.DenyRead, RuleOrigin.Internal);
        // The binaries that build the sandbox must not be replaceable from inside one.
        foreach (var binary in anyWriteGrant ? SandboxBinaries() : [])
            Protect(binary, binary, RuleKind.DenyWrite, RuleOrigin.Internal);

        foreach (var candidate in anyWriteGrant ? CodeExecutionCandidates(home, passwdHome, cwd, user) : [])
        {
            var full = PathUtil.Combine(candidate.Base, candidate.Relative);
            Protect(full, HostPaths.ResolveUnder(candidate.Base, candidate.Relative), RuleKind.DenyWrite, RuleOrigin.Protected);
            lexicalProtected.Add(candidate);
        }

        RejectGrantsIntoInternal(user, rules);
        RejectReplaceableSymlinks(lexicalProtected, rules, user);
        RejectSymlinkedGrantsIntoProtected(viaSymlink, rules, sources);
        rules = ApplyExactNameExemptions(rules, user);

        return new SandboxPolicy(
            Rules: rules.Distinct().ToList(),
            Environment: EnvironmentPolicy.Compute(request, host.Environment),
            Cwd: cwd,
            Home: home,
            Uid: host.Uid,
            Gid: host.Gid,
            Command: request.Command,
            AllowAll: request.AllowAll,
            AllowUnixSockets: request.AllowUnixSockets,
            StateDir: StateDirectory(home, host));
    }

    private static void ValidateEnvironment(PolicyRequest request)
    {
        foreach (var p in request.AllowEnv)
            if (!EnvironmentPolicy.IsValidPattern(p))
                throw new ZeroboxException($"--allow-env: '{p}' is not a variable name; use letters, digits and '_' (a trailing '*' matches a prefix)");
        foreach (var p in request.DenyEnv)
            if (!EnvironmentPolicy.IsValidPattern(p))
                throw new ZeroboxException($"--deny-env: '{p}' is not a variable name; use letters, digits and '_' (a trailing '*' matches a prefix)");
        foreach (var (k, _) in request.SetEnv)
            if (!EnvironmentPolicy.IsValidName(k))
                throw new ZeroboxException($"--env: '{k}' is not a valid variable name; write --env NAME=VALUE");
    }

    private static void AddGrants(List<PathRule> rules, IReadOnlyList<string> raw, RuleKind kind, string flag, HostContext host,
        List<(string Typed, string Lexical, string Hop)> viaSymlink)
    {
        foreach (var r in raw)
        {
            var abs = HostPaths.Expand(r, host, flag);
            var real = HostPaths.RealPath(abs, flag)
                ?? throw new ZeroboxException($"{flag}={r}: {abs} does not exist; create it first or fix the path");
            if (real != abs)
                foreach (var hop in HostPaths.SymlinkHops(abs)) viaSymlink.Add(($"{flag}={r}", abs, hop));
            rules.Add(new PathRule(real, kind, RuleOrigin.User));
        }
    }

    /// <summary>
    /// A grant that enters a protected path through a symlink is refused: a previous sandboxed run could
    /// have planted that link (proj/notes -> ~/.ssh/id_rsa) to turn an innocent-looking grant into a leak.
    /// Protected paths yield only to their own name: typing ~/.ssh is fine wherever it points, typing
    /// ./.vscode that an earlier run pointed at ~/.ssh is not.
    /// </summary>
    private static void RejectSymlinkedGrantsIntoProtected(List<(string Typed, string Lexical, string Hop)> viaSymlink,
        List<PathRule> rules, Dictionary<PathRule, HashSet<string>> sources)
    {
        foreach (var (typed, lexical, hop) in viaSymlink)
        {
            var hit = rules.FirstOrDefault(p => p.Origin is RuleOrigin.Protected or RuleOrigin.Internal
                && PathUtil.IsSameOrUnder(hop, p.Path)
                && !(sources.TryGetValue(p, out var names) && names.Contains(lexical)));
            if (hit is not null)
                throw new ZeroboxException(
                    $"{typed} passes through a symlink into the protected path {hit.Path}; name the real path to grant it");
        }
    }

    /// <summary>zerobox's own state is never visible, not even through a grant beneath it.</summary>
    private static void RejectGrantsIntoInternal(List<PathRule> user, List<PathRule> rules)
    {
        foreach (var u in user.Where(u => u.Kind is RuleKind.AllowRead or RuleKind.AllowWrite))
        {
            var hit = rules.FirstOrDefault(r => r.Origin == RuleOrigin.Internal && r.Kind == RuleKind.DenyRead && PathUtil.IsSameOrUnder(u.Path, r.Path));
            if (hit is not null)
                throw new ZeroboxException($"{u.Path} is zerobox's own state ({hit.Path}), which no sandbox may see; grant another path");
        }
    }

    /// <summary>
    /// A protected path reached through a symlink that sits in a writable directory cannot be kept protected:
    /// the sandbox could replace the link (rm ~/.ssh; mkdir ~/.ssh; add authorized_keys). The same holds for
    /// every directory on the way (a symlinked ~/.config). Refused, with the ways out named.
    /// </summary>
    private static void RejectReplaceableSymlinks(List<(string Base, string Relative)> lexical, List<PathRule> rules, List<PathRule> user)
    {
        var resolver = new AccessResolver(rules);
        var writeGrants = user.Where(r => r.Kind == RuleKind.AllowWrite).Select(r => r.Path).ToList();
        foreach (var (baseDir, relative) in lexical)
        {
            // Nothing outside the write grants can be replaced (a grant above the path, or one inside it).
            var full = PathUtil.Combine(baseDir, relative);
            if (!writeGrants.Any(g => PathUtil.IsSameOrUnder(full, g) || PathUtil.IsSameOrUnder(g, full))) continue;
            var p = baseDir;
            foreach (var part in relative.Split('/'))
            {
                p = PathUtil.Combine(p, part);
                var kind = HostPaths.KindOf(p);
                if (kind == HostPaths.FileKind.Missing) break;
                if (kind != HostPaths.FileKind.Symlink) continue;
                if (resolver.AccessOf(PathUtil.Parent(p)) != Access.ReadWrite) break;
                var target = HostPaths.ResolveMaybeMissing(p, "protected path");
                if (user.Any(r => r.Kind == RuleKind.AllowWrite && (r.Path == p || r.Path == target))) break;
                throw new ZeroboxException(
                    $"{p} is a symlink in a writable directory, so zerobox cannot keep {PathUtil.Combine(baseDir, relative)} protected; " +
                    $"pass --allow-write={p} to let the sandbox change it (and {target}), remove the link, or narrow the write grant");
            }
        }
    }

    private static IEnumerable<string> SandboxBinaries()
    {
        if (Environment.ProcessPath is { } exe && HostPaths.RealPath(exe, "zerobox") is { } real) yield return real;
        foreach (var bwrap in new[] { "/usr/bin/bwrap", "/usr/local/bin/bwrap" })
            if (HostPaths.RealPath(bwrap, "bwrap") is { } b) yield return b;
    }

    private static void AddDenials(List<PathRule> rules, IReadOnlyList<string> raw, RuleKind kind, string flag, HostContext host)
    {
        foreach (var r in raw)
            rules.Add(new PathRule(HostPaths.ResolveMaybeMissing(HostPaths.Expand(r, host, flag), flag), kind, RuleOrigin.User));
    }

    private static List<string> AllHomes(string home, string? passwdHome)
    {
        var homes = new List<string> { home, "/root" };
        if (passwdHome is not null) homes.Add(passwdHome);
        try
        {
            if (Directory.Exists("/home"))
                foreach (var d in Directory.EnumerateDirectories("/home"))
                    homes.Add(HostPaths.RealPath(d, "home") ?? d);
        }
        catch (UnauthorizedAccessException) { }
        return homes.Distinct().ToList();
    }

    private static IEnumerable<string> SystemSecretPaths()
    {
        foreach (var s in ProtectedPaths.SystemSecrets) yield return s;
        string[] keys = [];
        try { if (Directory.Exists("/etc/ssh")) keys = Directory.GetFiles("/etc/ssh", "ssh_host_*_key"); }
        catch (UnauthorizedAccessException) { }
        foreach (var k in keys) yield return k;
    }

    /// <summary>zerobox's own state ($XDG_STATE_HOME/zerobox or ~/.local/state/zerobox); hidden from every sandbox.</summary>
    public static string StateDirectory(string home, HostContext host) =>
        host.Environment.TryGetValue("XDG_STATE_HOME", out var d) && d.StartsWith('/')
            ? PathUtil.Combine(PathUtil.Normalize(d), "zerobox")
            : PathUtil.Combine(home, ".local/state/zerobox");

    private static IEnumerable<string> ZeroboxStatePaths(string home, HostContext host)
    {
        foreach (var s in ProtectedPaths.ZeroboxState)
            yield return HostPaths.ResolveUnder(home, s);
        foreach (var v in new[] { "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR" })
            if (host.Environment.TryGetValue(v, out var dir) && dir.StartsWith('/'))
                yield return HostPaths.ResolveMaybeMissing(PathUtil.Combine(PathUtil.Normalize(dir), "zerobox"), "state");
    }

    private static IEnumerable<(string Base, string Relative)> CodeExecutionCandidates(string home, string? passwdHome, string cwd, List<PathRule> user)
    {
        // The passwd home too: a caller with HOME pointed elsewhere still has shells that read ~/.bashrc there.
        var homes = new List<string> { home };
        if (passwdHome is not null && passwdHome != home) homes.Add(passwdHome);
        var roots = new List<string>(homes) { cwd };
        roots.AddRange(user.Where(r => r.Kind == RuleKind.AllowWrite && HostPaths.IsDirectory(r.Path)).Select(r => r.Path));
        var repoRoots = new List<string>();
        foreach (var root in roots.Distinct())
        {
            repoRoots.Add(root);
            repoRoots.AddRange(GitRepositories.ScanOnce(root).Repositories);
        }
        foreach (var root in repoRoots.Distinct())
        {
            // A grant inside a git directory (--allow-write=./.git/hooks) is not a working tree.
            if (root.Contains("/.git/", StringComparison.Ordinal) || root.EndsWith("/.git", StringComparison.Ordinal)) continue;
            foreach (var name in ProtectedPaths.CodeExecutionInTree)
                yield return (root, name);
            // A .git *file* (worktrees, submodules) points at the real git dir, and that one at a common dir.
            var dotGit = PathUtil.Combine(root, ".git");
            var gitDir = HostPaths.KindOf(dotGit) == HostPaths.FileKind.File ? ReadGitDirPointer(dotGit, root) : null;
            if (gitDir is not null)
            {
                yield return (gitDir, "");
                if (GitRepositories.CommonDir(gitDir) is { } common) yield return (common, "");
            }
            // Relative to the repository where possible, so that a symlinked directory on the way is checked.
            foreach (var hooks in GitRepositories.HooksPaths(root, gitDir ?? dotGit, homes))
                if (hooks != root && PathUtil.IsSameOrUnder(hooks, root)) yield return (root, hooks[(root.Length + 1)..]);
                else if (hooks != "/") yield return (PathUtil.Parent(hooks), hooks[(hooks.LastIndexOf('/') + 1)..]);
        }
        foreach (var h in homes)
            foreach (var name in ProtectedPaths.CodeExecutionInHome)
                yield return (h, name);
    }

    private static string? PasswdHome(uint uid)
    {
        try
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                var f = line.Split(':');
                if (f.Length > 5 && f[2] == uid.ToString() && f[5].StartsWith('/'))
                    return HostPaths.RealPath(PathUtil.Normalize(f[5]), "home");
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    private static string? ReadGitDirPointer(string dotGitFile, string root)
    {
        try
        {
            var first = File.ReadLines(dotGitFile).FirstOrDefault()?.Trim();
            if (first is null || !first.StartsWith("gitdir:", StringComparison.Ordinal)) return null;
            var target = first["gitdir:".Length..].Trim();
            if (target.Length == 0) return null;
            var abs = target.StartsWith('/') ? PathUtil.Normalize(target) : PathUtil.Combine(root, target);
            return HostPaths.RealPath(abs, ".git") ?? abs;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>A protected path yields only to a user grant of exactly that path. A hidden credential store
    /// named by --allow-read becomes readable, not writable, even inside a broader write grant.</summary>
    private static List<PathRule> ApplyExactNameExemptions(List<PathRule> rules, List<PathRule> user)
    {
        var result = new List<PathRule>(rules.Count);
        foreach (var r in rules)
        {
            if (r.Origin != RuleOrigin.Protected) { result.Add(r); continue; }
            var writeGrant = user.Any(u => u.Path == r.Path && u.Kind == RuleKind.AllowWrite);
            var readGrant = user.Any(u => u.Path == r.Path && u.Kind == RuleKind.AllowRead);
            if (writeGrant) continue;
            if (readGrant && r.Kind == RuleKind.DenyRead) { result.Add(r with { Kind = RuleKind.DenyWrite }); continue; }
            result.Add(r);
        }
        return result;
    }
}
