using System.Runtime.InteropServices;

namespace Zerobox.Interop;

/// <summary>Landlock syscalls (glibc 2.36 has no wrappers) and their ABI structures.</summary>
internal static unsafe class Landlock
{
    public const ulong EXECUTE = 1UL << 0, WRITE_FILE = 1UL << 1, READ_FILE = 1UL << 2, READ_DIR = 1UL << 3,
        REMOVE_DIR = 1UL << 4, REMOVE_FILE = 1UL << 5, MAKE_CHAR = 1UL << 6, MAKE_DIR = 1UL << 7, MAKE_REG = 1UL << 8,
        MAKE_SOCK = 1UL << 9, MAKE_FIFO = 1UL << 10, MAKE_BLOCK = 1UL << 11, MAKE_SYM = 1UL << 12,
        REFER = 1UL << 13, TRUNCATE = 1UL << 14, IOCTL_DEV = 1UL << 15;

    public const ulong SCOPE_ABSTRACT_UNIX_SOCKET = 1UL << 0, SCOPE_SIGNAL = 1UL << 1;

    private const uint CREATE_RULESET_VERSION = 1U << 0;
    private const int RULE_PATH_BENEATH = 1;

    [StructLayout(LayoutKind.Sequential)]
    public struct RulesetAttr
    {
        public ulong HandledAccessFs;
        public ulong HandledAccessNet;
        public ulong Scoped;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct PathBeneathAttr
    {
        public ulong AllowedAccess;
        public int ParentFd;
    }

    /// <summary>The kernel's Landlock ABI version, or a negative errno (ENOSYS, EOPNOTSUPP when disabled).</summary>
    public static int AbiVersion()
    {
        var r = Libc.syscall(Libc.SYS_landlock_create_ruleset, 0, 0, CREATE_RULESET_VERSION, 0, 0);
        return r < 0 ? -Libc.Errno : (int)r;
    }

    public static int CreateRuleset(RulesetAttr* attr, int size) =>
        (int)Libc.syscall(Libc.SYS_landlock_create_ruleset, (long)attr, size, 0, 0, 0);

    public static int AddPathRule(int rulesetFd, PathBeneathAttr* attr) =>
        (int)Libc.syscall(Libc.SYS_landlock_add_rule, rulesetFd, RULE_PATH_BENEATH, (long)attr, 0, 0);

    public static int RestrictSelf(int rulesetFd) =>
        (int)Libc.syscall(Libc.SYS_landlock_restrict_self, rulesetFd, 0, 0, 0, 0);
}
