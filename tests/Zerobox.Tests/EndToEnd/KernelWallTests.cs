using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Zerobox.Tests.Support;

namespace Zerobox.Tests.EndToEnd;

/// <summary>Namespaces, capabilities, no_new_privs and seccomp: each test is an attack that must fail with the
/// errno the filter returns (EPERM comes only from the filter: unsandboxed, these calls succeed or fail otherwise).</summary>
public class KernelWallTests
{
    public static TheoryData<string> Users => TestUser.All();

    public static TheoryData<string, string, string> Attacks()
    {
        var data = new TheoryData<string, string, string>();
        (string probe, string line)[] attacks =
        [
            ("userns", "unshare-user: errno=EPERM"), ("userns", "clone-newuser: errno=EPERM"),
            ("mount", "mount: errno=EPERM"), ("mount", "umount: errno=EPERM"),
            ("setns", "setns: errno=EPERM"),
            ("ptrace", "ptrace-attach-child: errno=EPERM"), ("ptrace", "ptrace-traceme: errno=EPERM"),
            ("io_uring", "io_uring_setup: errno=EPERM"),
            ("x32", "x32-getpid: errno=EPERM"), ("i386", "i386-getpid: errno=EPERM"),
            ("vsock", "vsock: errno=EPERM"), ("packet", "packet: errno=EPERM"),
            ("keyctl", "keyctl: errno=EPERM"), ("bpf", "bpf: errno=EPERM"),
            ("perf", "perf_event_open: errno=EPERM"), ("userfaultfd", "userfaultfd: errno=EPERM"),
            ("tioclinux", "tioclinux: errno=EPERM"),
        ];
        foreach (var user in TestUser.All())
            foreach (var (probe, line) in attacks)
                data.Add(user, probe, line);
        return data;
    }

    [Theory, MemberData(nameof(Attacks))]
    public void Forbidden_syscall_fails_with_EPERM(string user, string probe, string expected)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, Sandbox.Probe(probe));
        Assert.Contains(expected, r.Stdout);
    }

    [Fact]
    public void The_probes_succeed_without_the_sandbox_so_the_attack_tests_can_fail()
    {
        string Probe(string t) => Sh.Run(TestEnv.Probe, t);
        Assert.Contains("io_uring_setup: ok", Probe("io_uring"));
        Assert.Contains("i386-getpid: ok", Probe("i386"));
        Assert.DoesNotContain("errno=EPERM", Probe("x32"));
        Assert.DoesNotContain("errno=EPERM", Probe("vsock"));
        Assert.Contains("unix-socket: ok", Sh.Run(TestEnv.Probe, "unix-connect", "/nonexistent"));
    }

    [Theory, MemberData(nameof(Users))]
    public void Process_has_no_capabilities_no_new_privs_and_a_seccomp_filter(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, ["--", "cat", "/proc/self/status"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"NoNewPrivs:\s+1", r.Stdout);
        Assert.Matches(@"Seccomp:\s+2", r.Stdout);
        Assert.Matches(@"CapEff:\s+0000000000000000", r.Stdout);
        Assert.Matches(@"CapPrm:\s+0000000000000000", r.Stdout);
        Assert.Matches(@"CapBnd:\s+0000000000000000", r.Stdout);
    }

    [Theory, MemberData(nameof(Users))]
    public void Host_unix_socket_cannot_be_reached(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        Directory.CreateDirectory(Path.Combine(ws.Root, "sock"));
        var path = Path.Combine(ws.Root, "sock/daemon.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        File.SetUnixFileMode(path, (UnixFileMode)0x1FF);
        var grant = $"--allow-read={TestEnv.ProbeDir},{ws.Root}/sock";

        var r = Sandbox.Run(ws, [grant, "--", TestEnv.Probe, "unix-connect", path]);
        Assert.Contains("unix-socket: errno=EPERM", r.Stdout);
        Assert.False(listener.Poll(200_000, SelectMode.SelectRead), "the host socket received a connection");

        // The wall is what stops it: granted, the same connection goes through.
        var granted = Sandbox.Run(ws, [grant, "--allow-unix-sockets", "--", TestEnv.Probe, "unix-connect", path]);
        Assert.Contains("unix-connect: ok", granted.Stdout);
    }

    [Theory, MemberData(nameof(Users))]
    public void Datagram_socketpair_cannot_send_to_a_host_socket(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        using var receiver = HostSockets.Datagram(ws, "dgram.sock", out var path);
        var r = Sandbox.Run(ws, [$"--allow-read={TestEnv.ProbeDir},{ws.Root}/sock", "--", TestEnv.Probe, "unix-dgram-pair", path]);
        Assert.Contains("socketpair-dgram: errno=EPERM", r.Stdout);
        Assert.Equal(0, receiver.Available);
        Assert.False(receiver.Poll(200_000, SelectMode.SelectRead), "the host socket received a datagram");
    }

    [Theory, MemberData(nameof(Users))]
    public void Tcp_server_on_the_host_loopback_is_unreachable(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        try
        {
            var port = ((IPEndPoint)server.LocalEndpoint).Port;
            var r = Sandbox.Run(ws, Sandbox.Probe("tcp", "127.0.0.1", port.ToString()));
            Assert.Contains("tcp-connect: errno=", r.Stdout);
            Assert.False(server.Pending(), "the host server received a connection");
        }
        finally { server.Stop(); }
    }

    [Theory, MemberData(nameof(Users))]
    public void Host_processes_are_invisible_and_untraceable(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var hostPid = Environment.ProcessId.ToString();
        var r = Sandbox.Run(ws, Sandbox.Probe("ptrace", hostPid));
        Assert.Contains("ptrace-attach-host: errno=", r.Stdout);
        Assert.DoesNotContain("ptrace-attach-host: ok", r.Stdout);
        Assert.Contains("kill-host: errno=ESRCH", r.Stdout);
        // Only the sandbox's own processes: its init, sh, and the pipeline's three.
        var ps = Sandbox.Run(ws, ["--", "sh", "-c", $"test -e /proc/{hostPid} && echo HOST_PID_VISIBLE; ls /proc | grep -E '^[0-9]+$' | wc -l"]);
        Assert.DoesNotContain("HOST_PID_VISIBLE", ps.Stdout);
        Assert.True(int.Parse(ps.Stdout.Trim()) <= 5, "the sandbox sees host processes:\n" + ps);
    }

    [Theory, MemberData(nameof(Users))]
    public void Only_stdio_descriptors_reach_the_command(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("proj/leak.txt", "LEAKED_FD_CONTENT");
        ws.Chown();
        // The caller leaks fd 7 (not close-on-exec) into zerobox: it must not reach the command.
        var psiArgs = $"exec 7<{ws.Proj}/leak.txt; exec {TestEnv.Zerobox} --allow-read={TestEnv.ProbeDir} -- {TestEnv.Probe} fds";
        using var p = Sandbox.Start(ws, ["-c", psiArgs], program: "/bin/sh");
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal("fd 0 open\nfd 1 open\nfd 2 open\n", output);
    }

    [Theory, MemberData(nameof(Users))]
    public void Terminal_injection_is_blocked_under_a_pty(string user)
    {
        foreach (var variant in new[] { "", " high" })
        {
            using var ws = new Workspace(TestUser.ByName(user));
            var cmd = $"{TestEnv.Zerobox} --allow-read={TestEnv.ProbeDir} -- {TestEnv.Probe} tiocsti{variant}";
            var output = RunUnderPty(ws, cmd);
            Assert.Contains("tiocsti: errno=EPERM", output);
            Assert.Contains("injected-byte-arrived: no", output);
            Assert.DoesNotContain("ZBX_INJECTED", output);
        }
    }

    [Fact]
    public void Terminal_injection_works_without_the_sandbox_so_the_pty_test_can_fail()
    {
        using var ws = new Workspace(TestUser.Current);
        var output = RunUnderPty(ws, $"{TestEnv.Probe} tiocsti");
        Assert.Contains("ZBX_INJECTED", output);
    }

    /// <summary>Runs a command under script(1) so that its stdin is a real terminal. <paramref name="input"/> is a
    /// printf format (so "\\n" is a newline) typed after half a second; stdin then stays open for holdMs.</summary>
    internal static string RunUnderPty(Workspace ws, string command, string? input = null, int holdMs = 1500)
    {
        var hold = (holdMs / 1000.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        var feed = input is null ? $"sleep {hold}" : $"(sleep 0.5; printf '{input}'; sleep {hold})";
        using var p = Sandbox.Start(ws, ["-c", $"{feed} | script -qec \"{command}\" /dev/null"], program: "/bin/sh",
            env: new Dictionary<string, string> { ["TERM"] = "xterm" });
        var output = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(holdMs + 15_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish; output so far: {(output.Wait(1000) ? output.Result : "")}");
        }
        return output.Wait(5000) ? output.Result : throw new TimeoutException($"{command}: output did not close");
    }
}
