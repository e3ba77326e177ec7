using Zerobox.Interop;

namespace Zerobox.Linux;

/// <summary>Compiles <see cref="SeccompRules"/> to classic BPF with libseccomp, written into a pipe that
/// bubblewrap reads with <c>--seccomp FD</c> and installs right before it executes the helper.</summary>
public static unsafe class SeccompCompiler
{
    /// <summary>Returns the read end of a pipe holding the BPF program (close-on-exec; dup it for the child).</summary>
    public static int CompileToPipe(IReadOnlyList<SeccompRule> rules)
    {
        nint ctx;
        try { ctx = Libseccomp.seccomp_init(Libseccomp.SCMP_ACT_ALLOW); }
        catch (DllNotFoundException)
        {
            throw new ZeroboxException("libseccomp.so.2 is not installed; install it with: sudo apt-get install libseccomp2");
        }
        if (ctx == 0) throw new ZeroboxException("libseccomp could not create a filter; reinstall libseccomp2");
        try
        {
            // Any syscall from a non-native ABI (i386 via int 0x80, x32 numbers) fails instead of being allowed.
            Check(Libseccomp.seccomp_attr_set(ctx, Libseccomp.SCMP_FLTATR_ACT_BADARCH, Libseccomp.ActErrno(Libc.EPERM)), "set bad-arch action");
            // A binary search over syscall numbers instead of a linear chain: every syscall the command makes
            // runs this filter, and there are over a hundred rules.
            Check(Libseccomp.seccomp_attr_set(ctx, Libseccomp.SCMP_FLTATR_CTL_OPTIMIZE, 2), "enable binary-tree optimisation");
            var cmp = stackalloc Libseccomp.ArgCmp[6];
            foreach (var rule in rules)
            {
                var nr = Libseccomp.seccomp_syscall_resolve_name(rule.Syscall);
                if (nr < 0 && SeccompRules.NewerSyscalls.TryGetValue(rule.Syscall, out var known)) nr = known;
                if (nr < 0) throw new ZeroboxException($"libseccomp does not know the syscall {rule.Syscall}; upgrade libseccomp2");
                var args = rule.Args ?? [];
                for (var i = 0; i < args.Length; i++)
                    cmp[i] = args[i].Op == SeccompOp.AtLeast
                        ? new Libseccomp.ArgCmp { Arg = args[i].Index, Op = Libseccomp.Compare.Ge, DatumA = args[i].Value }
                        : new Libseccomp.ArgCmp { Arg = args[i].Index, Op = Libseccomp.Compare.MaskedEq, DatumA = args[i].Mask, DatumB = args[i].Value };
                Check(Libseccomp.seccomp_rule_add_array(ctx, Libseccomp.ActErrno(rule.Errno), nr, (uint)args.Length, cmp), $"add rule for {rule.Syscall}");
            }
            var fds = stackalloc int[2];
            if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0)
                throw new ZeroboxException($"cannot create a pipe: {Libc.StrError(Libc.Errno)}");
            var rc = Libseccomp.seccomp_export_bpf(ctx, fds[1]);
            Libc.close(fds[1]);
            if (rc != 0) { Libc.close(fds[0]); Check(rc, "export the filter"); }
            return fds[0];
        }
        finally { Libseccomp.seccomp_release(ctx); }
    }

    private static void Check(int rc, string what)
    {
        if (rc < 0) throw new ZeroboxException($"libseccomp failed to {what}: {Libc.StrError(-rc)}; reinstall libseccomp2");
    }
}
