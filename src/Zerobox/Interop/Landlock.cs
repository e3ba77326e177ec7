namespace Zerobox.Interop;

/// <summary>Landlock ABI probe (glibc 2.36 has no wrapper). The rules are applied by the native init helper.</summary>
internal static class Landlock
{
    private const uint CREATE_RULESET_VERSION = 1U << 0;

    /// <summary>The kernel's Landlock ABI version, or a negative errno (ENOSYS, EOPNOTSUPP when disabled).</summary>
    public static int AbiVersion()
    {
        var r = Libc.syscall(Libc.SYS_landlock_create_ruleset, 0, 0, CREATE_RULESET_VERSION, 0, 0);
        return r < 0 ? -Libc.Errno : (int)r;
    }
}
