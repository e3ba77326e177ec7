using System.Diagnostics;
using Zerobox.Tests.Support;

namespace Zerobox.Tests.EndToEnd;

/// <summary>Exit codes, signals, stdio streaming, supervision.</summary>
public class ProcessTests
{
    public static TheoryData<string> Users => TestUser.All();

    [Theory, MemberData(nameof(Users))]
    public void Exit_status_is_passed_through(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        Assert.Equal(42, Sandbox.Run(ws, ["--", "sh", "-c", "exit 42"]).ExitCode);
        Assert.Equal(0, Sandbox.Run(ws, ["true"]).ExitCode);
        Assert.Equal(1, Sandbox.Run(ws, ["false"]).ExitCode);
    }

    [Theory, MemberData(nameof(Users))]
    public void Killed_by_a_signal_is_128_plus_the_signal(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        Assert.Equal(128 + 15, Sandbox.Run(ws, ["--", "sh", "-c", "kill -TERM $$"]).ExitCode);
        Assert.Equal(128 + 9, Sandbox.Run(ws, ["--", "sh", "-c", "kill -KILL $$"]).ExitCode);
    }

    [Theory, MemberData(nameof(Users))]
    public void Command_not_found_is_127_with_one_clear_line(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, ["--", "no-such-command-zb"]);
        Assert.Equal(127, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("zerobox: no-such-command-zb", line);
    }

    [Theory, MemberData(nameof(Users))]
    public void Command_outside_the_sandbox_names_the_grant_that_fixes_it(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var script = ws.Write("proj/run.sh", "#!/bin/sh\necho RAN\n");
        File.SetUnixFileMode(script, (UnixFileMode)0x1ED);
        var r = Sandbox.Run(ws, ["--", "./run.sh"]);
        Assert.Equal(127, r.ExitCode);
        Assert.Contains($"--allow-read={ws.Proj}", r.Stderr);
        Assert.DoesNotContain("RAN", r.Stdout);
        var fixedRun = Sandbox.Run(ws, [$"--allow-read={ws.Proj}", "--", "./run.sh"]);
        Assert.Equal("RAN\n", fixedRun.Stdout);

        // A toolchain in the home directory: the hint names its whole tree.
        var tool = ws.Write("home/.toolchain/bin/zbtool", "#!/bin/sh\necho TOOL\n");
        File.SetUnixFileMode(tool, (UnixFileMode)0x1ED);
        var viaPath = Sandbox.Run(ws, ["--", "zbtool"], env: new Dictionary<string, string> { ["PATH"] = $"{ws.Home}/.toolchain/bin:{Sandbox.DefaultPath}" });
        Assert.Equal(127, viaPath.ExitCode);
        Assert.Contains($"--allow-read={ws.Home}/.toolchain", viaPath.Stderr);
    }

    [Theory, MemberData(nameof(Users))]
    public void Command_not_executable_is_126(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("proj/data.txt", "not a program");
        var r = Sandbox.Run(ws, ["--allow-read=.", "--", "./data.txt"]);
        Assert.Equal(126, r.ExitCode);
        Assert.StartsWith("zerobox: ./data.txt", r.Stderr);
    }

    [Theory, MemberData(nameof(Users))]
    public void Stdin_is_piped_in(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, ["--", "cat"], stdin: "hi from stdin\n");
        Assert.Equal("hi from stdin\n", r.Stdout);
    }

    [Theory, MemberData(nameof(Users))]
    public void Output_streams_as_it_is_written(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        using var p = Sandbox.Start(ws, ["--", "sh", "-c", "echo first; sleep 3; echo second"]);
        var sw = Stopwatch.StartNew();
        var first = p.StandardOutput.ReadLine();
        var elapsed = sw.ElapsedMilliseconds;
        Assert.Equal("first", first);
        Assert.False(p.HasExited, "the first line arrived only after the command ended");
        Assert.True(elapsed < 2500, $"first line took {elapsed} ms");
        Assert.Equal("second", p.StandardOutput.ReadLine());
        p.WaitForExit();
    }

    [Theory, MemberData(nameof(Users))]
    public void Sigterm_sent_to_zerobox_reaches_the_command(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        using var p = Sandbox.Start(ws, ["--", "sh", "-c", "trap 'echo got-TERM; exit 7' TERM; echo ready; while :; do sleep 0.05; done"]);
        Assert.Equal("ready", p.StandardOutput.ReadLine());
        Signal(p.Id, 15);
        Assert.Equal("got-TERM", p.StandardOutput.ReadLine());
        Assert.True(p.WaitForExit(10_000));
        Assert.Equal(7, p.ExitCode);
    }

    [Theory, MemberData(nameof(Users))]
    public void Sighup_and_sigusr1_are_forwarded_too(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        using var p = Sandbox.Start(ws, ["--", "sh", "-c",
            "trap 'echo got-USR1' USR1; trap 'echo got-HUP; exit 3' HUP; echo ready; while :; do sleep 0.05; done"]);
        Assert.Equal("ready", p.StandardOutput.ReadLine());
        Signal(p.Id, 10);
        Assert.Equal("got-USR1", p.StandardOutput.ReadLine());
        Signal(p.Id, 1);
        Assert.Equal("got-HUP", p.StandardOutput.ReadLine());
        Assert.True(p.WaitForExit(10_000));
        Assert.Equal(3, p.ExitCode);
    }

    [Theory, MemberData(nameof(Users))]
    public void Kill_minus_one_inside_does_not_break_supervision(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, ["--", "sh", "-c", "sleep 30 & sleep 30 & kill -9 -1; wait; echo survived; exit 5"], timeoutMs: 20_000);
        Assert.Equal(5, r.ExitCode);
        Assert.Contains("survived", r.Stdout);
    }

    [Theory, MemberData(nameof(Users))]
    public void The_command_dies_when_zerobox_is_killed(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        Directory.CreateDirectory(Path.Combine(ws.Proj, "beat"));
        var beat = Path.Combine(ws.Proj, "beat/n");
        using var p = Sandbox.Start(ws, ["--allow-write=./beat", "--", "sh", "-c",
            "i=0; echo ready; while :; do i=$((i+1)); echo $i > beat/n; sleep 0.05; done"]);
        Assert.Equal("ready", p.StandardOutput.ReadLine());
        Thread.Sleep(300);
        var zeroboxPid = FindZerobox(p.Id);
        Signal(zeroboxPid, 9);
        p.WaitForExit(10_000);
        Thread.Sleep(500);
        var after = File.ReadAllText(beat);
        Thread.Sleep(600);
        Assert.Equal(after, File.ReadAllText(beat)); // the heartbeat stopped: the command is gone
    }

    [Theory, MemberData(nameof(Users))]
    public void Interactive_bash_keeps_its_terminal_and_job_control(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var output = KernelWallTests.RunUnderPty(ws,
            $"{TestEnv.Zerobox} -- bash --norc -i", input: "sleep 0.3 & jobs; fg; test -t 0 && test -t 1 && echo IS_A_TTY; echo JOB_$((6*7)); exit\\n", holdMs: 3000);
        Assert.Contains("JOB_42", output);
        Assert.Contains("IS_A_TTY", output);
        Assert.DoesNotContain("no job control", output);
        Assert.DoesNotContain("not a tty", output);
        Assert.Contains("Running", output); // `jobs` listed the background job
    }

    [Fact]
    public void Bad_flag_is_125_with_one_line_naming_it()
    {
        using var ws = new Workspace(TestUser.Current);
        var r = Sandbox.Run(ws, ["--allow-raed=.", "--", "true"]);
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("zerobox: unknown flag --allow-raed; run 'zerobox --help' for the list of flags\n", r.Stderr);
        Assert.Empty(r.Stdout);
        var none = Sandbox.Run(ws, ["--allow-read=."]);
        Assert.Equal(125, none.ExitCode);
        Assert.StartsWith("zerobox: no command given", none.Stderr);
    }

    [Fact]
    public void Version_and_help()
    {
        using var ws = new Workspace(TestUser.Current);
        Assert.Matches(@"^zerobox \d+\.\d+\.\d+\n$", Sandbox.Run(ws, ["--version"]).Stdout);
        var help = Sandbox.Run(ws, ["--help"]);
        Assert.Equal(0, help.ExitCode);
        foreach (var flag in new[] { "--allow-read", "--deny-read", "--allow-write", "--deny-write", "--allow-env", "--deny-env", "--env", "--cwd", "--allow-all", "--explain", "--version" })
            Assert.Contains(flag, help.Stdout);
    }

    internal static void Signal(int pid, int sig) => Sh.Run("kill", $"-{sig}", pid.ToString());

    /// <summary>Sandbox.Start runs zerobox directly or under setpriv, which execs it: same pid either way.</summary>
    private static int FindZerobox(int pid) => pid;

    [Fact]
    public void A_bare_grant_followed_by_a_directory_is_refused_with_the_likely_meaning()
    {
        using var ws = new Workspace(TestUser.Current);
        var r = Sandbox.Run(ws, ["--allow-write", ".", "--", "sh", "-c", "echo x > /tmp/zb-bare-typo"]);
        Assert.Equal(125, r.ExitCode);
        Assert.Contains("--allow-write=.", r.Stderr);
        Assert.False(File.Exists("/tmp/zb-bare-typo"));
    }

    [Theory, MemberData(nameof(Users))]
    public void A_command_that_resolves_differently_in_the_sandbox_is_noted(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var shadow = ws.Write("home/.tools/bin/sh", "#!/bin/sh\necho SHADOW\n");
        File.SetUnixFileMode(shadow, (UnixFileMode)0x1ED);
        var r = Sandbox.Run(ws, ["--", "sh", "-c", "echo REAL"], env: new Dictionary<string, string> { ["PATH"] = $"{ws.Home}/.tools/bin:{Sandbox.DefaultPath}" });
        Assert.Equal("REAL\n", r.Stdout);
        Assert.Contains($"note: sh is {shadow} on the host but /usr/bin/sh in the sandbox", r.Stderr);
    }
}
