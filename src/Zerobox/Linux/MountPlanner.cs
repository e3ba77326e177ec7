using Zerobox.Policy;
using Zerobox.Runtime;

namespace Zerobox.Linux;

/// <summary>
/// Turns a <see cref="SandboxPolicy"/> into a mount plan. The sandbox's root is an empty read-only tmpfs; every
/// path whose access differs from what its parent already shows gets its own mount, shallowest first:
/// a bind (read-only or read-write) of the host path, or an empty read-only stand-in where something is hidden.
/// </summary>
public static class MountPlanner
{
    private const string TmpDir = "/tmp";

    /// <summary>Parts of a fresh procfs that act on the host kernel and whose writes are checked by uid alone
    /// (bubblewrap's own list of covered /proc entries, plus /proc/fs and /proc/acpi). The rest need
    /// capabilities the sandbox does not have.</summary>
    private static readonly string[] ProcHostFacing = ["/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs", "/proc/acpi"];

    /// <summary>The nearest mount above a path: what it shows and whether it shows host content.</summary>
    private readonly record struct View(Access Access, bool HostBacked);

    public static MountPlan Plan(SandboxPolicy policy)
    {
        var args = new List<string>();
        var deferredRemounts = new List<string>();
        var placeholders = new List<Placeholder>();
        var landlock = new List<LandlockRule>();
        var entries = new List<PlanEntry>();
        var mounted = new Dictionary<string, View>(StringComparer.Ordinal) { ["/"] = new View(Access.Hidden, false) };

        View Inherited(string path)
        {
            for (var p = PathUtil.Parent(path); ; p = PathUtil.Parent(p))
            {
                if (mounted.TryGetValue(p, out var v)) return v;
                if (p == "/") return mounted["/"];
            }
        }

        void StandIn(string path, bool isDir, string why, bool emptyFileOnHost = false)
        {
            if (isDir) { args.AddRange(["--tmpfs", path]); deferredRemounts.Add(path); }
            // A placeholder is itself an empty regular file: binding it read-only keeps it one (tools such as
            // `git add -A` choke on the character device /dev/null would be).
            else if (emptyFileOnHost) args.AddRange(["--ro-bind", path, path]);
            else args.AddRange(["--ro-bind", "/dev/null", path]);
            mounted[path] = new View(Access.Hidden, false);
            entries.Add(new PlanEntry(path, why));
        }

        var rootAccess = policy.AccessOf("/");
        if (rootAccess != Access.Hidden)
        {
            args.AddRange([rootAccess == Access.ReadWrite ? "--bind" : "--ro-bind", "/", "/"]);
            mounted["/"] = new View(rootAccess, true);
            landlock.Add(new LandlockRule("/", rootAccess == Access.ReadWrite ? LandlockGrant.Write : LandlockGrant.Read));
            entries.Add(new PlanEntry("/", Describe(rootAccess)));
        }
        else
        {
            // Merged-/usr systems: /bin, /lib... are symlinks into /usr; recreate them as symlinks.
            foreach (var root in PolicyBuilder.SystemRoots)
            {
                if (!HostPaths.IsSymlink(root)) continue;
                var target = new FileInfo(root).LinkTarget!;
                args.AddRange(["--symlink", target, root]);
                entries.Add(new PlanEntry(root, $"symlink to {target}"));
            }
        }

        args.AddRange(["--dev", "/dev", "--perms", "1777", "--size", SandboxPolicy.ScratchBytes.ToString(), "--tmpfs", "/dev/shm", "--proc", "/proc"]);
        // /proc/sys and friends write to the host kernel. Their files belong to root, and for many of them
        // (kernel.core_pattern!) the kernel checks only the uid: a sandbox run by root is uid 0 in its namespace,
        // so for root they are read-only mounts. For anyone else the kernel's permission check already refuses.
        if (policy.Uid == 0)
            foreach (var hostFacing in ProcHostFacing)
                args.AddRange(["--ro-bind-try", hostFacing, hostFacing]);
        mounted["/dev"] = new View(Access.ReadWrite, false);
        mounted["/proc"] = new View(Access.ReadWrite, false);
        landlock.Add(new LandlockRule("/dev", LandlockGrant.Device));
        landlock.Add(new LandlockRule("/dev/shm", LandlockGrant.Write));
        landlock.Add(new LandlockRule("/proc", LandlockGrant.Proc));
        entries.Add(new PlanEntry("/dev", "private: null, zero, full, random, urandom, tty, pts, shm"));
        entries.Add(new PlanEntry("/proc", "private: this sandbox's processes only" +
            (policy.Uid == 0 ? "; " + string.Join(", ", ProcHostFacing) + " read-only" : "")));

        var paths = new SortedSet<string>(policy.Rules.Select(r => r.Path), StringComparer.Ordinal) { TmpDir, policy.Cwd };
        var pins = PinnedAncestors(policy);
        var writeProtected = policy.Rules.Where(r => r.Kind == RuleKind.DenyWrite).Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        paths.UnionWith(pins);
        var placeholderRoots = PlaceholderRoots(policy);
        if (policy.Home != "/") paths.Add(policy.Home);
        var ordered = paths
            .Where(p => p != "/" && !PathUtil.IsSameOrUnder(p, "/dev") && !PathUtil.IsSameOrUnder(p, "/proc"))
            .OrderBy(PathUtil.Depth).ThenBy(p => p, StringComparer.Ordinal);

        foreach (var path in ordered)
        {
            var want = policy.AccessOf(path);
            var above = Inherited(path);
            // Most rules (protected paths in trees the sandbox cannot see) need no mount: look at the disk only
            // when the decision depends on it.
            bool Exists() => HostPaths.Exists(path);

            // The working directory: where it is not visible, start in an empty read-only stand-in at the same
            // path (mounted here, in depth order, so that grants beneath it still show through).
            if (path == policy.Cwd && want == Access.Hidden && !(above.HostBacked && above.Access != Access.Hidden)
                && !(path == TmpDir || path == policy.Home))
            {
                args.AddRange(["--tmpfs", path]);
                deferredRemounts.Add(path);
                mounted[path] = new View(Access.Hidden, false);
                landlock.Add(new LandlockRule(path, LandlockGrant.Read));
                entries.Add(new PlanEntry(path, $"working directory stand-in (empty, read-only; grant --allow-read={path} to see it)"));
                continue;
            }

            var scratch = (path == TmpDir && want != Access.ReadWrite) || (path == policy.Home && want == Access.Hidden);
            if (scratch)
            {
                args.AddRange(["--perms", path == TmpDir ? "1777" : "0700", "--size", SandboxPolicy.ScratchBytes.ToString(), "--tmpfs", path]);
                mounted[path] = new View(Access.ReadWrite, false);
                landlock.Add(new LandlockRule(path, LandlockGrant.Write));
                entries.Add(new PlanEntry(path, $"private scratch (empty, writable, {SandboxPolicy.ScratchBytes >> 20} MiB, discarded at exit)"));
                continue;
            }

            if (want == Access.Hidden)
            {
                if (!above.HostBacked || above.Access == Access.Hidden) continue;
                var kind = HostPaths.KindOf(path);
                if (kind == HostPaths.FileKind.Missing)
                {
                    // Nothing to hide yet. Creating it is only an attack where it is also write-protected (a
                    // credential store that doubles as code to run, such as ~/.kube or ~/.ssh/authorized_keys).
                    if (above.Access == Access.ReadWrite && writeProtected.Contains(path)) AddPlaceholder(path, hide: true);
                }
                else if (policy.Uid != 0 && above.Access != Access.ReadWrite && !CallerCanOpen(path, kind))
                    entries.Add(new PlanEntry(path, "hidden (the caller's own permissions already deny it)"));
                else StandIn(path, kind == HostPaths.FileKind.Directory, "hidden (empty read-only stand-in)");
                continue;
            }

            if (above.HostBacked && above.Access == want)
            {
                // A directory between a writable root and a protected path: bound onto itself it becomes a
                // mount point, which cannot be renamed or removed (EBUSY), so the protected path cannot be
                // moved aside and recreated beneath a fresh directory of the same name.
                if (pins.Contains(path) && want == Access.ReadWrite && HostPaths.IsDirectory(path))
                {
                    args.AddRange(["--bind", path, path]);
                    mounted[path] = new View(want, true);
                    entries.Add(new PlanEntry(path, "read-write, pinned (cannot be renamed: it holds a protected path)"));
                }
                continue;
            }
            if (!Exists())
            {
                if (want == Access.ReadOnly && above.HostBacked && above.Access == Access.ReadWrite) AddPlaceholder(path, hide: false);
                continue;
            }
            args.AddRange([want == Access.ReadWrite ? "--bind" : "--ro-bind", path, path]);
            mounted[path] = new View(want, true);
            landlock.Add(new LandlockRule(path, want == Access.ReadWrite ? LandlockGrant.Write : LandlockGrant.Read));
            entries.Add(new PlanEntry(path, Describe(want)));
        }

        // Remount stand-ins read-only only after everything beneath them has been mounted; deepest first.
        foreach (var p in deferredRemounts.OrderByDescending(PathUtil.Depth))
            args.AddRange(["--remount-ro", p]);
        if (rootAccess == Access.Hidden) args.AddRange(["--remount-ro", "/"]);

        return new MountPlan(args, placeholders, landlock, entries, policy.Cwd);

        void AddPlaceholder(string path, bool hide)
        {
            if (!placeholderRoots.Any(r => PathUtil.IsSameOrUnder(path, r)))
            {
                entries.Add(new PlanEntry(path, "not protected against creation (outside HOME, the working directory and the named write grants)"));
                return;
            }
            // Mount over the first missing component: that is the name the sandbox could otherwise create.
            var first = path;
            while (!HostPaths.Exists(PathUtil.Parent(first))) first = PathUtil.Parent(first);
            if (mounted.ContainsKey(first) || placeholders.Any(p => p.Path == first)) return;
            var isDir = first != path || !LooksLikeFile(path);
            placeholders.Add(new Placeholder(first, isDir));
            StandIn(first, isDir, hide
                ? "hidden, cannot be created (placeholder while the sandbox runs)"
                : "read-only, cannot be created (placeholder while the sandbox runs)", emptyFileOnHost: !isDir);
        }
    }

    /// <summary>
    /// /etc/shadow and the like are unreadable to an ordinary caller anyway: the sandboxed process has the same
    /// uid, no capabilities and no_new_privs, so the kernel's permission check already hides them and a stand-in
    /// mount (about 0.1 ms each) buys nothing. A directory the caller can still search is covered regardless.
    /// Run by root (uid 0 owns those files) the stand-ins are always mounted.
    /// </summary>
    private static bool CallerCanOpen(string path, HostPaths.FileKind kind) =>
        Interop.Libc.access(path, Interop.Libc.R_OK) == 0 ||
        (kind == HostPaths.FileKind.Directory && Interop.Libc.access(path, Interop.Libc.X_OK) == 0);

    /// <summary>Existing directories strictly between a writable root and a protected path inside it.</summary>
    private static HashSet<string> PinnedAncestors(SandboxPolicy policy)
    {
        var pins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in policy.Rules)
        {
            if (rule.Origin is not (RuleOrigin.Protected or RuleOrigin.Internal)) continue;
            if (policy.AccessOf(rule.Path) == Access.ReadWrite) continue;
            for (var a = PathUtil.Parent(rule.Path); a != "/"; a = PathUtil.Parent(a))
            {
                if (policy.AccessOf(a) != Access.ReadWrite || policy.AccessOf(PathUtil.Parent(a)) != Access.ReadWrite) break;
                if (HostPaths.IsDirectory(a)) pins.Add(a);
            }
        }
        return pins;
    }

    /// <summary>Placeholders are only made where the caller works: HOME, the working directory and the write
    /// grants the caller named (not under a bare --allow-write, which would put them all over the machine).</summary>
    private static List<string> PlaceholderRoots(SandboxPolicy policy)
    {
        var roots = new List<string> { policy.Home, policy.Cwd };
        roots.AddRange(policy.Rules.Where(r => r.Origin == RuleOrigin.User && r.Kind == RuleKind.AllowWrite && r.Path != "/").Select(r => r.Path));
        return roots.Where(r => r != "/").ToList();
    }

    private static string Describe(Access a) => a == Access.ReadWrite ? "read-write" : "read-only";

    private static readonly HashSet<string> FileNames = new(StringComparer.Ordinal)
    {
        ".gitmodules", ".envrc", ".netrc", ".git-credentials", ".gitconfig", ".bashrc", ".bash_profile", ".bash_login",
        ".bash_logout", ".profile", ".zshrc", ".zprofile", ".zshenv", ".zlogin", ".pgpass", ".npmrc", ".pypirc",
        ".vault-token", "config", "authorized_keys", "credentials", ".bash_history", ".zsh_history", ".python_history",
        ".psql_history", ".mysql_history", ".yarnrc.yml", ".vimrc", ".inputrc", ".tmux.conf", ".xsession", ".xinitrc",
        ".xprofile", ".xsessionrc", ".pam_environment", ".emacs", ".bash_logout", ".zshenv", ".zlogin",
    };

    /// <summary>Whether a missing protected path would normally be a file (so its placeholder is an empty file
    /// rather than an empty directory: host tools reading it during the run see nothing surprising).</summary>
    private static bool LooksLikeFile(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return FileNames.Contains(name) || name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".toml", StringComparison.Ordinal)
            || name.EndsWith(".xml", StringComparison.Ordinal);
    }
}
