using Zerobox.Interop;
using LL = Zerobox.Interop.Landlock;

namespace Zerobox.Linux;

/// <summary>Applies the plan's Landlock rules to the calling process (inside the sandbox, after bubblewrap
/// has built the mount tree: Landlock forbids mounting afterwards). The rules only allow; whatever no rule
/// grants (any path outside the granted trees) is denied by the kernel even if the mount plan were wrong.</summary>
public static unsafe class LandlockApplier
{
    private const ulong Abi1 = LL.EXECUTE | LL.WRITE_FILE | LL.READ_FILE | LL.READ_DIR | LL.REMOVE_DIR | LL.REMOVE_FILE |
        LL.MAKE_CHAR | LL.MAKE_DIR | LL.MAKE_REG | LL.MAKE_SOCK | LL.MAKE_FIFO | LL.MAKE_BLOCK | LL.MAKE_SYM;
    private const ulong FileRights = LL.EXECUTE | LL.WRITE_FILE | LL.READ_FILE | LL.TRUNCATE | LL.IOCTL_DEV;

    public static ulong HandledFor(int abi)
    {
        var handled = Abi1;
        if (abi >= 2) handled |= LL.REFER;
        if (abi >= 3) handled |= LL.TRUNCATE;
        if (abi >= 5) handled |= LL.IOCTL_DEV;
        return handled;
    }

    /// <summary>Human description for --explain.</summary>
    public static string Describe()
    {
        var abi = LL.AbiVersion();
        if (abi < 0)
            return $"absent (kernel says {Libc.StrError(-abi)}): only the mount plan and seccomp restrict paths";
        var scopes = abi >= 6 ? "; signals and abstract unix sockets scoped to the sandbox" : "";
        return $"ABI {abi}: file access limited to the granted trees{scopes}";
    }

    /// <summary>Returns null on success or when Landlock is absent (the caller reports that in --explain);
    /// an error message when Landlock exists but could not be applied (the run must then not go on).</summary>
    public static string? Apply(IReadOnlyList<(char Grant, string Path)> rules)
    {
        var abi = LL.AbiVersion();
        if (abi < 0) return null;
        var handled = HandledFor(abi);
        var attr = new LL.RulesetAttr
        {
            HandledAccessFs = handled,
            Scoped = abi >= 6 ? LL.SCOPE_ABSTRACT_UNIX_SOCKET | LL.SCOPE_SIGNAL : 0,
        };
        var size = abi >= 6 ? 24 : abi >= 4 ? 16 : 8;
        var ruleset = LL.CreateRuleset(&attr, size);
        if (ruleset < 0) return $"landlock_create_ruleset failed: {Libc.StrError(Libc.Errno)}";
        try
        {
            foreach (var (grant, path) in rules)
            {
                var fd = Libc.open(path, Libc.O_PATH | Libc.O_CLOEXEC | Libc.O_DIRECTORY, 0);
                var isDir = fd >= 0;
                if (fd < 0 && Libc.Errno == Libc.ENOTDIR) fd = Libc.open(path, Libc.O_PATH | Libc.O_CLOEXEC, 0);
                if (fd < 0)
                {
                    if (Libc.Errno == Libc.ENOENT) continue;
                    return $"cannot open {path} for Landlock: {Libc.StrError(Libc.Errno)}";
                }
                ulong allowed = grant switch
                {
                    'r' => LL.EXECUTE | LL.READ_FILE | LL.READ_DIR,
                    'w' => handled,
                    'd' => LL.READ_FILE | LL.WRITE_FILE | LL.READ_DIR | LL.IOCTL_DEV | LL.TRUNCATE,
                    'p' => LL.READ_FILE | LL.WRITE_FILE | LL.READ_DIR,
                    _ => 0,
                };
                allowed &= handled;
                if (!isDir) allowed &= FileRights;
                var beneath = new LL.PathBeneathAttr { AllowedAccess = allowed, ParentFd = fd };
                var rc = LL.AddPathRule(ruleset, &beneath);
                var errno = Libc.Errno;
                Libc.close(fd);
                if (rc < 0) return $"landlock_add_rule({path}) failed: {Libc.StrError(errno)}";
            }
            if (LL.RestrictSelf(ruleset) < 0) return $"landlock_restrict_self failed: {Libc.StrError(Libc.Errno)}";
            return null;
        }
        finally { Libc.close(ruleset); }
    }
}
