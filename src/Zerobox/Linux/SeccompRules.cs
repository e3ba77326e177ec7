namespace Zerobox.Linux;

/// <summary>One seccomp rule: a syscall, an optional argument condition, the errno it returns, and why.</summary>
public sealed record SeccompRule(string Syscall, string Why, int Errno = Interop.Libc.EPERM, SeccompArg[]? Args = null)
{
    public string Describe() => Args is null || Args.Length == 0
        ? $"{Syscall}: {ErrnoName} ({Why})"
        : $"{Syscall}({string.Join(", ", Args.Select(a => a.Describe()))}): {ErrnoName} ({Why})";

    private string ErrnoName => Errno == Interop.Libc.ENOSYS ? "ENOSYS" : "EPERM";
}

public enum SeccompOp { MaskedEquals, AtLeast }

/// <summary>A condition on one argument: <c>(arg &amp; Mask) == Value</c>, compared on the low 32 bits when
/// <see cref="Mask"/> is 0xffffffff (the kernel truncates int-typed arguments, so a comparison on all 64 bits could
/// be bypassed with high bits), or <c>arg &gt;= Value</c> on all 64 bits.</summary>
public sealed record SeccompArg(uint Index, ulong Mask, ulong Value, SeccompOp Op = SeccompOp.MaskedEquals)
{
    public string Describe() => Op == SeccompOp.AtLeast ? $"arg{Index} >= {Value}" : $"arg{Index} & 0x{Mask:x} == 0x{Value:x}";
}

/// <summary>The filter's content, kept as data so that --explain prints exactly what is loaded.</summary>
public static class SeccompRules
{
    private const ulong Low32 = 0xffffffffUL;
    private const ulong CLONE_NEWUSER = 0x10000000;
    private const ulong AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16;
    private const ulong SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_TYPE_MASK = 0xf;
    private const ulong S_ISUID = 0x800, S_ISGID = 0x400;
    private const ulong TIOCSTI = 0x5412, TIOCLINUX = 0x541C;

    public static IReadOnlyList<SeccompRule> For(bool allowUnixSockets)
    {
        var rules = new List<SeccompRule>
        {
            // Namespaces: bubblewrap also disables nested user namespaces (--disable-userns); this is the second wall.
            new("unshare", "no nested user namespaces", Args: [new(0, CLONE_NEWUSER, CLONE_NEWUSER)]),
            new("clone", "no nested user namespaces", Args: [new(0, CLONE_NEWUSER, CLONE_NEWUSER)]),
            // clone3 passes its flags in memory that seccomp cannot read: ENOSYS makes libc fall back to clone.
            new("clone3", "flags are not inspectable; libc falls back to clone", Errno: Interop.Libc.ENOSYS),
            new("setns", "no joining other namespaces"),
        };
        foreach (var s in new[] { "mount", "umount2", "pivot_root", "chroot", "fsopen", "fsconfig", "fsmount", "fspick",
                     "move_mount", "open_tree", "mount_setattr" })
            rules.Add(new(s, "no changes to the mount tree"));
        foreach (var s in new[] { "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd" })
            rules.Add(new(s, "no tracing or reading other processes"));
        foreach (var s in new[] { "keyctl", "add_key", "request_key" })
            rules.Add(new(s, "kernel keyrings are not namespaced"));
        rules.Add(new("bpf", "no eBPF"));
        rules.Add(new("perf_event_open", "no perf events (side channels)"));
        rules.Add(new("userfaultfd", "kernel exploitation primitive"));
        foreach (var s in new[] { "io_uring_setup", "io_uring_enter", "io_uring_register" })
            rules.Add(new(s, "io_uring bypasses syscall filtering"));
        foreach (var s in new[] { "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load" })
            rules.Add(new(s, "no kernel modules or kexec"));
        foreach (var s in new[] { "open_by_handle_at", "name_to_handle_at", "reboot", "swapon", "swapoff", "syslog",
                     "acct", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "quotactl", "vhangup",
                     "lookup_dcookie", "iopl", "ioperm" })
            rules.Add(new(s, "host-wide or privileged operation"));
        rules.Add(new("ioctl", "terminal input injection", Args: [new(1, Low32, TIOCSTI)]));
        rules.Add(new("ioctl", "terminal input injection", Args: [new(1, Low32, TIOCLINUX)]));

        // Socket families: only IP (inside the sandbox's own network namespace) and netlink (for that
        // namespace's own routing table) are allowed; unix sockets only when granted; everything else
        // (AF_VSOCK, AF_BLUETOOTH, AF_PACKET, ...) could reach beyond the namespace. Small families are
        // compared on the low 32 bits; one full-width "at least AF_NETLINK+1" rule covers every larger value,
        // including any value with high bits set.
        const string Outside = "socket family outside the sandbox's namespace";
        for (ulong family = 0; family < AF_NETLINK; family++)
        {
            if (family is AF_INET or AF_INET6) continue;
            if (family == AF_UNIX && allowUnixSockets) continue;
            var why = family == AF_UNIX ? "unix sockets reach host daemons (--allow-unix-sockets grants them)" : Outside;
            rules.Add(new("socket", why, Args: [new(0, Low32, family)]));
        }
        rules.Add(new("socket", Outside, Args: [new(0, 0, AF_NETLINK + 1, Op: SeccompOp.AtLeast)]));
        if (!allowUnixSockets)
        {
            rules.Add(new("socketpair", "an unbound datagram socket can send to any host socket path",
                Args: [new(0, Low32, AF_UNIX), new(1, SOCK_TYPE_MASK, SOCK_DGRAM)]));
            // The kernel quietly turns an AF_UNIX SOCK_RAW into SOCK_DGRAM.
            rules.Add(new("socketpair", "an unbound datagram socket can send to any host socket path",
                Args: [new(0, Low32, AF_UNIX), new(1, SOCK_TYPE_MASK, SOCK_RAW)]));
        }

        // No set-user-ID or set-group-ID files: run by root, the sandbox's files belong to host root, so a
        // setuid copy of a shell left in a writable directory would be a root shell for every local user.
        foreach (var (call, modeArg) in new[] { ("chmod", 1u), ("fchmod", 1u), ("fchmodat", 2u), ("creat", 1u), ("open", 2u),
                     ("openat", 3u), ("mknod", 1u), ("mknodat", 2u), ("mkdir", 1u), ("mkdirat", 2u) })
            foreach (var bit in new[] { S_ISUID, S_ISGID })
                rules.Add(new(call, "no set-user-ID or set-group-ID files", Args: [new(modeArg, bit, bit)]));
        // openat2 carries its mode inside a struct the filter cannot read; libc falls back to openat.
        rules.Add(new("openat2", "mode not inspectable; libc falls back to openat", Errno: Interop.Libc.ENOSYS));
        rules.Add(new("fchmodat2", "newer than this filter's mode checks; libc falls back to fchmodat", Errno: Interop.Libc.ENOSYS));
        return rules;
    }

    /// <summary>x86_64 numbers of syscalls newer than the libseccomp this targets (2.5.4 in Debian 12).</summary>
    public static readonly IReadOnlyDictionary<string, int> NewerSyscalls = new Dictionary<string, int>
    {
        ["fchmodat2"] = 452,
    };

    public const string ArchitecturePolicy = "only the native x86_64 ABI: x32 and i386 syscalls return EPERM";
}
