using System.Net.Sockets;
using Zerobox.Tests.Support;

namespace Zerobox.Tests.EndToEnd;

/// <summary>Attacks found by the security review, each one a regression test: the denial and the absence of
/// any effect on the host are both asserted.</summary>
public class EscapeAttemptTests
{
    public static TheoryData<string> Users => TestUser.All();

    private static void MakeRepo(Workspace ws, string dir = "proj")
    {
        ws.Write($"{dir}/.git/HEAD", "ref: refs/heads/main\n");
        ws.Write($"{dir}/.git/config", "[core]\n\trepositoryformatversion = 0\n");
        ws.Write($"{dir}/.git/hooks/pre-commit", "#!/bin/sh\necho original\n");
        Directory.CreateDirectory(Path.Combine(ws.Root, dir, ".git/objects"));
    }

    [Theory, MemberData(nameof(Users))]
    public void Git_directory_cannot_be_redirected_renamed_or_rewritten(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        MakeRepo(ws);
        var r = Sandbox.Run(ws, ["--allow-write=.", "--", "sh", "-c",
            "cp -a .git .cache-g; printf '[core]\\n\\tfsmonitor = evil\\n' > .cache-g/config; echo ../.cache-g > .git/commondir; " +
            "mv .git .git.old; echo x > .git/config.worktree; echo ok"]);
        Assert.Contains("ok", r.Stdout);
        Assert.False(File.Exists(Path.Combine(ws.Proj, ".git/commondir")));
        Assert.False(File.Exists(Path.Combine(ws.Proj, ".git/config.worktree")));
        Assert.False(Directory.Exists(Path.Combine(ws.Proj, ".git.old")));
        Assert.Equal("#!/bin/sh\necho original\n", File.ReadAllText(Path.Combine(ws.Proj, ".git/hooks/pre-commit")));
    }

    [Theory, MemberData(nameof(Users))]
    public void Hooks_moved_by_core_hooksPath_and_nested_repositories_are_protected(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        MakeRepo(ws);
        ws.Write("proj/.git/config", "[core]\n\thooksPath = .husky\n");
        ws.Write("proj/.husky/pre-commit", "original\n");
        MakeRepo(ws, "proj/vendor/lib");
        var r = Sandbox.Run(ws, ["--allow-write=.", "--", "sh", "-c",
            "echo evil > .husky/pre-commit; echo evil > .husky/post-merge; echo evil > vendor/lib/.git/hooks/pre-commit; echo x > vendor/lib/src.c; echo ok"]);
        Assert.Contains("ok", r.Stdout);
        Assert.Equal("original\n", File.ReadAllText(Path.Combine(ws.Proj, ".husky/pre-commit")));
        Assert.False(File.Exists(Path.Combine(ws.Proj, ".husky/post-merge")));
        Assert.Equal("#!/bin/sh\necho original\n", File.ReadAllText(Path.Combine(ws.Proj, "vendor/lib/.git/hooks/pre-commit")));
        Assert.True(File.Exists(Path.Combine(ws.Proj, "vendor/lib/src.c"))); // the rest stays writable
    }

    [Theory, MemberData(nameof(Users))]
    public void A_directory_holding_a_protected_path_cannot_be_renamed_away(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("home/.config/app.conf", "keep");
        ws.Write("home/.local/share/data", "keep");
        var r = Sandbox.Run(ws, ["--allow-write=~", "--", "sh", "-c",
            "cd ~; mv .config .config.old; mkdir -p .config/systemd/user; echo x > .config/systemd/user/evil.service; " +
            "mv .local .local.old; mkdir -p .local/bin; echo x > .local/bin/git; echo x > .config/app.conf; echo ok"]);
        Assert.Contains("ok", r.Stdout);
        Assert.False(Directory.Exists(Path.Combine(ws.Home, ".config.old")));
        Assert.False(Directory.Exists(Path.Combine(ws.Home, ".local.old")));
        Assert.False(File.Exists(Path.Combine(ws.Home, ".config/systemd/user/evil.service")));
        Assert.False(File.Exists(Path.Combine(ws.Home, ".local/bin/git")));
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(ws.Home, ".config/app.conf"))); // ordinary files stay writable
    }

    [Theory, MemberData(nameof(Users))]
    public void Host_kernel_settings_cannot_be_written(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var before = File.ReadAllText("/proc/sys/kernel/core_pattern");
        var r = Sandbox.Run(ws, ["--", "sh", "-c",
            "v=$(cat /proc/sys/kernel/core_pattern); echo \"$v\" >> /proc/sys/kernel/core_pattern && echo WROTE; " +
            "echo 1 >> /proc/sys/kernel/printk_ratelimit && echo WROTE2; echo h > /proc/sysrq-trigger && echo WROTE3"]);
        Assert.DoesNotContain("WROTE", r.Stdout);
        Assert.Equal(before, File.ReadAllText("/proc/sys/kernel/core_pattern"));
    }

    [Theory, MemberData(nameof(Users))]
    public void No_setuid_or_setgid_file_can_be_made(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, ["--allow-write=.", "--", "sh", "-c",
            "cp /bin/sh ./sh2; chmod 4755 ./sh2; chmod g+s ./sh2; mkdir d; chmod 2775 d; echo done"]);
        Assert.Contains("done", r.Stdout);
        Assert.Contains("Operation not permitted", r.Stderr);
        var mode = File.GetUnixFileMode(Path.Combine(ws.Proj, "sh2"));
        Assert.False(mode.HasFlag(UnixFileMode.SetUser), "setuid bit was set");
        Assert.False(mode.HasFlag(UnixFileMode.SetGroup), "setgid bit was set");
        Assert.False(File.GetUnixFileMode(Path.Combine(ws.Proj, "d")).HasFlag(UnixFileMode.SetGroup));
    }

    [Theory, MemberData(nameof(Users))]
    public void Raw_unix_socketpair_cannot_send_to_a_host_socket(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        using var receiver = HostSockets.Datagram(ws, "dgram.sock", out var path);
        var r = Sandbox.Run(ws, [$"--allow-read={TestEnv.ProbeDir},{ws.Root}/sock", "--", TestEnv.Probe, "unix-raw-pair", path]);
        Assert.Contains("socketpair-raw: errno=EPERM", r.Stdout);
        Assert.False(receiver.Poll(200_000, SelectMode.SelectRead), "the host socket received a datagram");
    }

    [Theory, MemberData(nameof(Users))]
    public void The_init_mode_cannot_be_used_to_run_without_a_sandbox(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("home/private.txt", "PRIVATE_13");
        var r = Sandbox.Run(ws, ["__zerobox_init__", "2", "w:/", "--", "cat", Path.Combine(ws.Home, "private.txt")]);
        Assert.Equal(125, r.ExitCode);
        Assert.DoesNotContain("PRIVATE_13", r.All);
        Assert.StartsWith("zerobox: __zerobox_init__ is internal", r.Stderr);
    }

    [Theory, MemberData(nameof(Users))]
    public void A_granted_LD_PRELOAD_never_loads_into_bubblewrap_on_the_host(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        Directory.CreateDirectory(Path.Combine(ws.Proj, "log"));
        var log = Path.Combine(ws.Proj, "log/loaded");
        var preload = Path.Combine(TestEnv.ProbeDir, "preload.so");
        var r = Sandbox.Run(ws, [$"--allow-read={TestEnv.ProbeDir}", "--allow-write=./log", "--env", $"LD_PRELOAD={preload}",
            "--env", $"PRELOAD_LOG={log}", "--", "true"]);
        Assert.Equal(0, r.ExitCode);
        var loaded = File.ReadAllText(log);
        Assert.Contains("/usr/bin/true", loaded);      // it works inside the sandbox, so the test can fail...
        Assert.DoesNotContain("bwrap", loaded);         // ...but never reached the host side
    }

    [Theory, MemberData(nameof(Users))]
    public void The_zerobox_binary_cannot_be_replaced_from_inside(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        Directory.CreateDirectory(Path.Combine(ws.Proj, "bin"));
        var copy = Path.Combine(ws.Proj, "bin/zerobox");
        File.Copy(TestEnv.Zerobox, copy);
        File.SetUnixFileMode(copy, (UnixFileMode)0x1ED);
        var size = new FileInfo(copy).Length;
        using var p = Sandbox.Start(ws, ["--allow-write=.", "--", "sh", "-c", "echo x > bin/zerobox; rm -f bin/zerobox; mv bin bin2; echo ok"],
            program: copy);
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Contains("ok", output);
        Assert.Equal(size, new FileInfo(copy).Length);
    }

    [Theory, MemberData(nameof(Users))]
    public void A_symlink_planted_at_a_protected_name_does_not_unlock_a_credential_store(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("home/.ssh/id_rsa", "KEY_14");
        Directory.CreateDirectory(Path.Combine(ws.Proj, "out"));
        File.CreateSymbolicLink(Path.Combine(ws.Proj, ".vscode"), Path.Combine(ws.Home, ".ssh"));
        var r = Sandbox.Run(ws, ["--allow-read=.vscode", "--allow-write=./out", "--", "sh", "-c", $"cat .vscode/id_rsa {ws.Home}/.ssh/id_rsa"]);
        Assert.Equal(125, r.ExitCode);
        Assert.DoesNotContain("KEY_14", r.All);
    }

    [Theory, MemberData(nameof(Users))]
    public void Zerobox_state_cannot_be_granted(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("home/.local/state/zerobox/placeholders/1.list", "STATE_15");
        var r = Sandbox.Run(ws, ["--allow-read=~/.local/state/zerobox/placeholders", "--", "cat", $"{ws.Home}/.local/state/zerobox/placeholders/1.list"]);
        Assert.Equal(125, r.ExitCode);
        Assert.DoesNotContain("STATE_15", r.All);
    }

    [Theory, MemberData(nameof(Users))]
    public void A_directory_on_stdin_is_refused(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("proj/secret/s.txt", "DIR_SECRET_16");
        ws.Chown();
        using var p = Sandbox.Start(ws, ["-c", $"exec {TestEnv.Zerobox} -- sh -c 'cd /proc/self/fd/0 && cat s.txt' < {ws.Proj}/secret"], program: "/bin/sh");
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(125, p.ExitCode);
        Assert.DoesNotContain("DIR_SECRET_16", output);
        Assert.Contains("is a directory", output);
    }

    [Theory, MemberData(nameof(Users))]
    public void Without_a_terminal_on_stdio_the_sandbox_has_no_terminal_at_all(string user)
    {
        // A real controlling terminal (script) with zerobox's stdio redirected away from it: /dev/tty would
        // still reach that terminal unless the sandbox runs in a session of its own.
        using var ws = new Workspace(TestUser.ByName(user));
        var inner = "sh -c 'echo FAKE_PROMPT > /dev/tty && echo REACHED_TTY'";
        var sandboxed = KernelWallTests.RunUnderPty(ws, $"{TestEnv.Zerobox} -- {inner} </dev/null >{ws.Root}/out 2>&1; cat {ws.Root}/out");
        Assert.DoesNotContain("FAKE_PROMPT", sandboxed);
        Assert.DoesNotContain("REACHED_TTY", sandboxed);

        // Control: the same command outside the sandbox does write to the terminal, so this test can fail.
        var bare = KernelWallTests.RunUnderPty(ws, $"{inner} </dev/null >{ws.Root}/out 2>&1; cat {ws.Root}/out");
        Assert.Contains("FAKE_PROMPT", bare);
    }

    [Theory, MemberData(nameof(Users))]
    public void A_stopped_command_still_ends_on_sigterm(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        using var p = Sandbox.Start(ws, ["--", "sh", "-c", "echo ready; kill -STOP $$; echo resumed; sleep 30"]);
        Assert.Equal("ready", p.StandardOutput.ReadLine());
        Thread.Sleep(300);
        ProcessTests.Signal(p.Id, 15);
        Assert.True(p.WaitForExit(10_000), "zerobox hung on a stopped command");
        Assert.Equal(128 + 15, p.ExitCode);
    }

    [Theory, MemberData(nameof(Users))]
    public void A_run_ending_does_not_remove_placeholders_another_sandbox_relies_on(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        MakeRepo(ws);
        using var first = Sandbox.Start(ws, ["--allow-write=.", "--", "sh", "-c", "echo ready; sleep 2"]);
        Assert.Equal("ready", first.StandardOutput.ReadLine());
        using var second = Sandbox.Start(ws, ["--allow-write=.", "--", "sh", "-c",
            "echo ready; sleep 3.5; echo 'echo evil' > .envrc; mkdir -p .vscode; echo '{}' > .vscode/tasks.json; echo x > .mcp.json; echo tried"]);
        Assert.Equal("ready", second.StandardOutput.ReadLine());
        Assert.True(first.WaitForExit(10_000));                   // the first run ends while the second still runs
        Assert.Equal("tried", second.StandardOutput.ReadLine());
        Assert.True(second.WaitForExit(10_000));
        Assert.False(File.Exists(Path.Combine(ws.Proj, ".envrc")) && File.ReadAllText(Path.Combine(ws.Proj, ".envrc")).Length > 0, ".envrc was written");
        Assert.False(File.Exists(Path.Combine(ws.Proj, ".vscode/tasks.json")));
        foreach (var name in new[] { ".envrc", ".mcp.json", ".vscode", ".gitmodules", ".idea" })
            Assert.False(Path.Exists(Path.Combine(ws.Proj, name)), $"{name} left behind after both runs");
    }

    [Theory, MemberData(nameof(Users))]
    public void Directories_early_in_PATH_stay_read_only_under_a_home_write_grant(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, ["--allow-write=~", "--", "sh", "-c",
            "mkdir -p ~/bin ~/.cargo/bin ~/go/bin; echo evil > ~/bin/git; echo evil > ~/.cargo/bin/cargo; mkdir -p ~/.ipython/profile_default/startup; echo x > ~/.xsession; echo ok"]);
        Assert.Contains("ok", r.Stdout);
        foreach (var p in new[] { "bin/git", ".cargo/bin/cargo", ".ipython/profile_default/startup", ".xsession" })
            Assert.False(Path.Exists(Path.Combine(ws.Home, p)), $"{p} was created");
    }

    [Theory, MemberData(nameof(Users))]
    public void A_hooks_path_behind_a_symlinked_directory_is_refused(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        MakeRepo(ws);
        ws.Write("proj/.git/config", "[core]\n\thooksPath = tools/hooks\n");
        ws.Write("proj/shared/hooks/pre-commit", "original\n");
        File.CreateSymbolicLink(Path.Combine(ws.Proj, "tools"), "shared");
        var r = Sandbox.Run(ws, ["--allow-write=.", "--", "sh", "-c", "rm tools && mkdir -p tools/hooks && echo evil > tools/hooks/pre-commit"]);
        Assert.Equal(125, r.ExitCode);
        Assert.Contains("symlink", r.Stderr);
        Assert.True(new FileInfo(Path.Combine(ws.Proj, "tools")).LinkTarget is not null);
    }

    [Theory, MemberData(nameof(Users))]
    public void A_git_repository_the_command_creates_is_named_on_stderr(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        MakeRepo(ws);
        Directory.CreateDirectory(Path.Combine(ws.Proj, "sub"));
        var r = Sandbox.Run(ws, ["--allow-write=.", "--", "sh", "-c",
            "mkdir -p src/.git/objects src/.git/refs && echo 'ref: refs/heads/m' > src/.git/HEAD; " +
            "cd sub && mkdir objects refs && echo 'ref: refs/heads/m' > HEAD; echo ok"]);
        Assert.Contains("ok", r.Stdout);
        Assert.Contains($"created a git repository at {ws.Proj}/src;", r.Stderr);
        Assert.Contains($"created a git repository at {ws.Proj}/sub;", r.Stderr); // bare: HEAD, objects/, refs/
        Assert.DoesNotContain($"repository at {ws.Proj};", r.Stderr);           // the existing one is not new

        var quiet = Sandbox.Run(ws, ["--allow-write=.", "--", "sh", "-c", "echo x > file.txt"]);
        Assert.DoesNotContain("git repository", quiet.Stderr);
    }

    [Theory, MemberData(nameof(Users))]
    public void Zerobox_own_placeholders_are_not_reported_as_new_repositories(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        // HOME and the working directory one level below a write grant: their .git placeholders are empty dirs.
        var r = Sandbox.Run(ws, [$"--allow-write={ws.Root}", "--", "true"]);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("git repository", r.Stderr);
    }
}
