using Zerobox.Linux;

namespace Zerobox.Tests.Unit;

public class SeccompRulesTests
{
    private const ulong Low32 = 0xffffffffUL;
    private const ulong AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16, AF_PACKET = 17, AF_VSOCK = 40;
    private const ulong SOCK_DGRAM = 2;

    private static readonly IReadOnlyList<SeccompRule> Default = SeccompRules.For(allowUnixSockets: false);
    private static readonly IReadOnlyList<SeccompRule> WithUnix = SeccompRules.For(allowUnixSockets: true);

    [Theory]
    [InlineData("mount")]
    [InlineData("umount2")]
    [InlineData("pivot_root")]
    [InlineData("setns")]
    [InlineData("ptrace")]
    [InlineData("process_vm_readv")]
    [InlineData("process_vm_writev")]
    [InlineData("keyctl")]
    [InlineData("add_key")]
    [InlineData("request_key")]
    [InlineData("bpf")]
    [InlineData("perf_event_open")]
    [InlineData("userfaultfd")]
    [InlineData("io_uring_setup")]
    [InlineData("io_uring_enter")]
    [InlineData("io_uring_register")]
    [InlineData("init_module")]
    [InlineData("finit_module")]
    [InlineData("delete_module")]
    [InlineData("kexec_load")]
    [InlineData("kexec_file_load")]
    public void SyscallIsDeniedOutright(string syscall)
    {
        var rule = Assert.Single(Default, r => r.Syscall == syscall);
        Assert.True(rule.Args is null || rule.Args.Length == 0, $"{syscall} should be denied whatever its arguments");
        Assert.Equal(Interop.Libc.EPERM, rule.Errno);
        Assert.Contains(WithUnix, r => r.Syscall == syscall);
    }

    [Theory]
    [InlineData("unshare")]
    [InlineData("clone")]
    public void NewUserNamespacesAreDenied(string syscall)
    {
        var rule = Assert.Single(Default, r => r.Syscall == syscall);
        var arg = Assert.Single(rule.Args!);
        Assert.Equal(0u, arg.Index);
        Assert.Equal(0x10000000UL, arg.Mask);
        Assert.Equal(0x10000000UL, arg.Value);
    }

    [Fact]
    public void Clone3ReturnsEnosysSoLibcFallsBack()
    {
        var rule = Assert.Single(Default, r => r.Syscall == "clone3");
        Assert.Equal(Interop.Libc.ENOSYS, rule.Errno);
    }

    [Theory]
    [InlineData(0x5412UL)] // TIOCSTI
    [InlineData(0x541CUL)] // TIOCLINUX
    public void TerminalInjectionIoctlsAreDeniedOnTheLow32Bits(ulong request)
    {
        var rule = Assert.Single(Default, r => r.Syscall == "ioctl" && r.Args is [{ Index: 1 }] && r.Args[0].Value == request);
        Assert.Equal(Low32, rule.Args![0].Mask);
    }

    [Fact]
    public void NoOtherIoctlIsDenied() =>
        Assert.Equal(2, Default.Count(r => r.Syscall == "ioctl"));

    /// <summary>Evaluates the rules the way the compiled filter does, for the 64-bit value a caller passes.</summary>
    private static bool DeniesSocketFamily(IReadOnlyList<SeccompRule> rules, ulong family) =>
        rules.Any(r => r.Syscall == "socket" && r.Args is [{ Index: 0 } a] &&
            (a.Op == SeccompOp.AtLeast ? family >= a.Value : (family & a.Mask) == a.Value));

    [Theory]
    [InlineData(AF_UNIX)]
    [InlineData(AF_VSOCK)]
    [InlineData(AF_PACKET)]
    [InlineData(0UL)]
    [InlineData(45UL)]
    [InlineData(0xdead000000000028UL)] // AF_VSOCK with high bits set: the kernel sees 40
    [InlineData(0x0000000100000001UL)] // AF_UNIX with high bits set: the kernel sees 1
    public void SocketFamilyIsDenied(ulong family) => Assert.True(DeniesSocketFamily(Default, family));

    [Theory]
    [InlineData(AF_INET)]
    [InlineData(AF_INET6)]
    [InlineData(AF_NETLINK)]
    public void IpAndNetlinkSocketsAreAllowed(ulong family)
    {
        Assert.False(DeniesSocketFamily(Default, family));
        Assert.DoesNotContain(Default, r => r.Syscall == "socket" && r.Args!.Any(a => a.Index == 0 && a.Value == family));
    }

    [Fact]
    public void UnixDatagramSocketpairIsDenied()
    {
        // DGRAM, and RAW which the kernel turns into DGRAM for AF_UNIX.
        var pairs = Default.Where(r => r.Syscall == "socketpair").ToList();
        Assert.Equal(2, pairs.Count);
        Assert.Contains(pairs, r => r.Args![1].Value == 3);
        var rule = Assert.Single(pairs, r => r.Args![1].Value == SOCK_DGRAM);
        Assert.Equal(2, rule.Args!.Length);
        Assert.Contains(rule.Args, a => a is { Index: 0, Mask: Low32, Value: AF_UNIX });
        var type = Assert.Single(rule.Args, a => a.Index == 1);
        Assert.Equal(SOCK_DGRAM, type.Value);
        // SOCK_NONBLOCK / SOCK_CLOEXEC in the high bits of the type must not let it through.
        Assert.Equal(SOCK_DGRAM, (SOCK_DGRAM | 0x800 | 0x80000) & type.Mask);
    }

    [Fact]
    public void AllowUnixSocketsRemovesOnlyTheUnixRules()
    {
        Assert.False(DeniesSocketFamily(WithUnix, AF_UNIX));
        Assert.DoesNotContain(WithUnix, r => r.Syscall == "socketpair");
        Assert.True(DeniesSocketFamily(WithUnix, AF_VSOCK));
        Assert.Equal(Default.Count - 3, WithUnix.Count);
    }

    [Fact]
    public void DescribeNamesTheCondition()
    {
        var rule = Assert.Single(Default, r => r.Syscall == "ioctl" && r.Args![0].Value == 0x5412);
        Assert.Equal("ioctl(arg1 & 0xffffffff == 0x5412): EPERM (terminal input injection)", rule.Describe());
        Assert.StartsWith("clone3: ENOSYS", Assert.Single(Default, r => r.Syscall == "clone3").Describe());
    }
}
