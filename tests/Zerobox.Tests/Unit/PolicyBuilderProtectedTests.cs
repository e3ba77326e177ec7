using Zerobox.Policy;

namespace Zerobox.Tests.Unit;

/// <summary>Protected paths: credential stores, code-execution files and zerobox's own state under broad grants.</summary>
public sealed class PolicyBuilderProtectedTests : IDisposable
{
    private readonly TempHost _h = new();

    public void Dispose() => _h.Dispose();

    private string Home(string rel) => PathUtil.Combine(_h.Home, rel);
    private string Cwd(string rel) => PathUtil.Combine(_h.Cwd, rel);

    [Fact]
    public void CredentialStoresStayHiddenUnderAHomeGrant()
    {
        _h.Tree.File("home/.ssh/id_rsa");
        _h.Tree.File("home/notes");
        var p = _h.Build(new PolicyRequest { AllowRead = [_h.Home] });
        Assert.Equal(Access.Hidden, p.AccessOf(Home(".ssh/id_rsa")));
        Assert.Equal(Access.Hidden, p.AccessOf(Home(".ssh")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Home("notes")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(_h.Home));
    }

    [Theory]
    [InlineData(".aws/credentials")]
    [InlineData(".docker/config.json")]
    [InlineData(".config/gh/hosts.yml")]
    [InlineData(".netrc")]
    [InlineData(".bash_history")]
    public void MissingCredentialStoresAreHiddenToo(string rel)
    {
        var p = _h.Build(new PolicyRequest { AllowWrite = [_h.Home] });
        Assert.Equal(Access.Hidden, p.AccessOf(Home(rel)));
    }

    [Fact]
    public void CredentialStoreNamedExactlyIsReadableButNotWritable()
    {
        _h.Tree.File("home/.ssh/id_rsa");
        _h.Tree.File("home/notes");
        var p = _h.Build(new PolicyRequest { AllowRead = [_h.Home, "~/.ssh"], AllowWrite = [_h.Home] });
        Assert.Equal(Access.ReadOnly, p.AccessOf(Home(".ssh/id_rsa")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Home(".ssh")));
        Assert.Equal(Access.ReadWrite, p.AccessOf(Home("notes")));
    }

    [Fact]
    public void CredentialStoreUnderANamedAncestorStaysHidden()
    {
        _h.Tree.File("home/.config/gh/hosts.yml");
        var p = _h.Build(new PolicyRequest { AllowRead = ["~/.config"] });
        Assert.Equal(Access.Hidden, p.AccessOf(Home(".config/gh/hosts.yml")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Home(".config/other")));
    }

    [Fact]
    public void CodeExecutionFilesStayReadOnlyInAWritableCwd()
    {
        _h.Tree.File("proj/.git/hooks/pre-commit");
        _h.Tree.File("proj/.git/config");
        _h.Tree.Dir("proj/.git/objects");
        var p = _h.Build(new PolicyRequest { AllowWrite = [_h.Cwd] });
        Assert.Equal(Access.ReadWrite, p.AccessOf(_h.Cwd));
        Assert.Equal(Access.ReadWrite, p.AccessOf(Cwd("src/main.c")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Cwd(".git/objects"))); // all of .git: commondir etc. matter too
        Assert.Equal(Access.ReadOnly, p.AccessOf(Cwd(".git/commondir")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Cwd(".git/hooks")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Cwd(".git/hooks/pre-commit")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Cwd(".git/config")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Cwd(".envrc")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Cwd(".vscode/tasks.json")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Cwd(".mcp.json")));
    }

    [Fact]
    public void CodeExecutionFilesStayReadOnlyInEveryWritableRoot()
    {
        var lib = _h.Tree.Dir("lib");
        var p = _h.Build(new PolicyRequest { AllowWrite = [lib] });
        Assert.Equal(Access.ReadWrite, p.AccessOf(lib + "/x"));
        Assert.Equal(Access.ReadOnly, p.AccessOf(lib + "/.envrc"));
        Assert.Equal(Access.ReadOnly, p.AccessOf(lib + "/.git/hooks"));
    }

    [Fact]
    public void HomeStartupFilesStayReadOnlyUnderAHomeWriteGrant()
    {
        _h.Tree.File("home/.bashrc");
        var p = _h.Build(new PolicyRequest { AllowWrite = [_h.Home] });
        Assert.Equal(Access.ReadOnly, p.AccessOf(Home(".bashrc")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Home(".profile")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Home(".local/bin/tool")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Home(".local/lib/python3.11/site-packages/evil.pth")));
        Assert.Equal(Access.ReadWrite, p.AccessOf(Home(".local/share/app")));
    }

    [Fact]
    public void NamingGitHooksExactlyMakesThemWritable()
    {
        _h.Tree.Dir("proj/.git/hooks");
        _h.Tree.File("proj/.git/config");
        var p = _h.Build(new PolicyRequest { AllowWrite = [_h.Cwd, ".git/hooks"] });
        Assert.Equal(Access.ReadWrite, p.AccessOf(Cwd(".git/hooks")));
        Assert.Equal(Access.ReadWrite, p.AccessOf(Cwd(".git/hooks/pre-push")));
        Assert.Equal(Access.ReadOnly, p.AccessOf(Cwd(".git/config")));
    }

    [Fact]
    public void NamingGitHooksForReadingOnlyDoesNotMakeThemWritable()
    {
        _h.Tree.Dir("proj/.git/hooks");
        var p = _h.Build(new PolicyRequest { AllowWrite = [_h.Cwd], AllowRead = [".git/hooks"] });
        Assert.Equal(Access.ReadOnly, p.AccessOf(Cwd(".git/hooks")));
    }

    [Fact]
    public void SymlinkedCodeExecutionFileInWritableCwdIsAnError()
    {
        var target = _h.Tree.File("elsewhere/envrc");
        _h.Tree.Link("proj/.envrc", target);
        var e = Assert.Throws<ZeroboxException>(() => _h.Build(new PolicyRequest { AllowWrite = [_h.Cwd] }));
        Assert.Equal(125, e.ExitCode);
        Assert.Contains(Cwd(".envrc"), e.Message);
        Assert.Contains("symlink", e.Message);
    }

    [Fact]
    public void SymlinkedCodeExecutionFileInReadOnlyCwdProtectsItsTarget()
    {
        var targetDir = _h.Tree.Dir("elsewhere");
        var target = _h.Tree.File("elsewhere/envrc");
        _h.Tree.Link("proj/.envrc", target);
        var p = _h.Build(new PolicyRequest { AllowRead = [_h.Cwd], AllowWrite = [targetDir] });
        Assert.Equal(Access.ReadOnly, p.AccessOf(target));
        Assert.Equal(Access.ReadWrite, p.AccessOf(targetDir + "/other"));
    }

    /// <summary>The symlink error tells the user to "pass --allow-write=&lt;the link&gt;"; doing so must be accepted
    /// (the exemption compares against the typed link, but grants are stored as their resolved target).</summary>
    [Fact]
    public void SymlinkedCodeExecutionFileErrorsSuggestedFixIsAccepted()
    {
        var target = _h.Tree.File("proj/envrc.real");
        _h.Tree.Link("proj/.envrc", target);
        var e = Assert.Throws<ZeroboxException>(() => _h.Build(new PolicyRequest { AllowWrite = [_h.Cwd] }));
        Assert.Contains($"--allow-write={Cwd(".envrc")}", e.Message);

        var ex = Record.Exception(() => _h.Build(new PolicyRequest { AllowWrite = [_h.Cwd, Cwd(".envrc")] }));
        Assert.Null(ex);
    }

    /// <summary>A dangling ~/.bashrc symlink into a writable directory: the sandbox could create the target and the
    /// host's shell would run it. The protection must land on the link's target, as it does for a live link.</summary>
    [Fact]
    public void DanglingHomeStartupSymlinkProtectsItsTarget()
    {
        var dots = _h.Tree.Dir("dotfiles");
        _h.Tree.Link("home/.bashrc", dots + "/bashrc");
        var p = _h.Build(new PolicyRequest { AllowWrite = [dots] });
        Assert.Equal(Access.ReadWrite, p.AccessOf(dots + "/other"));
        Assert.Equal(Access.ReadOnly, p.AccessOf(dots + "/bashrc"));
    }

    [Fact]
    public void LiveHomeStartupSymlinkProtectsItsTarget()
    {
        var dots = _h.Tree.Dir("dotfiles");
        var target = _h.Tree.File("dotfiles/bashrc");
        _h.Tree.Link("home/.bashrc", target);
        var p = _h.Build(new PolicyRequest { AllowWrite = [dots] });
        Assert.Equal(Access.ReadOnly, p.AccessOf(target));
    }

    [Fact]
    public void ZeroboxStateStaysHiddenEvenWhenNamedExactly()
    {
        var state = _h.Tree.Dir("home/.local/share/zerobox");
        _h.Tree.File("home/.local/share/zerobox/state.json");
        var read = _h.Build(new PolicyRequest { AllowRead = [_h.Home] });
        Assert.Equal(Access.Hidden, read.AccessOf(state));
        Assert.Equal(Access.Hidden, read.AccessOf(state + "/state.json"));
        Assert.Equal(Access.ReadOnly, read.AccessOf(Home(".local/share/other")));

        // Naming it, or anything beneath it, is refused rather than silently ignored.
        foreach (var grant in new[] { state, state + "/state.json" })
        {
            var e = Assert.Throws<ZeroboxException>(() => _h.Build(new PolicyRequest { AllowRead = [grant] }));
            Assert.Equal(125, e.ExitCode);
            Assert.Contains("zerobox's own state", e.Message);
        }
    }

    [Fact]
    public void ZeroboxStateUnderXdgDirsIsHidden()
    {
        var xdg = _h.Tree.Dir("xdgdata");
        var env = new Dictionary<string, string>(TempHost.DefaultEnv) { ["XDG_DATA_HOME"] = xdg };
        var p = PolicyBuilder.Build(new PolicyRequest { AllowWrite = [_h.Tree.Root] }, _h.Context(env));
        Assert.Equal(Access.Hidden, p.AccessOf(xdg + "/zerobox"));
        Assert.Equal(Access.ReadWrite, p.AccessOf(xdg + "/other"));
    }

    [Fact]
    public void GitFileGitdirPointerProtectsTheRealGitDirsHooks()
    {
        var gitdir = _h.Tree.Dir("gitdirs/proj");
        _h.Tree.Dir("gitdirs/proj/hooks");
        _h.Tree.Dir("gitdirs/proj/objects");
        _h.Tree.File("proj/.git", $"gitdir: {gitdir}\n");
        var p = _h.Build(new PolicyRequest { AllowWrite = [_h.Cwd, _h.Tree.P("gitdirs")] });
        Assert.Equal(Access.ReadOnly, p.AccessOf(gitdir + "/objects")); // the whole real git dir
        Assert.Equal(Access.ReadWrite, p.AccessOf(_h.Tree.P("gitdirs") + "/other"));
        Assert.Equal(Access.ReadOnly, p.AccessOf(gitdir + "/hooks"));
        Assert.Equal(Access.ReadOnly, p.AccessOf(gitdir + "/hooks/pre-commit"));
        Assert.Equal(Access.ReadOnly, p.AccessOf(gitdir + "/config"));
    }

    [Fact]
    public void RelativeGitdirPointerIsResolvedAgainstTheTree()
    {
        var gitdir = _h.Tree.Dir("gitdirs/proj");
        _h.Tree.Dir("gitdirs/proj/hooks");
        _h.Tree.File("proj/.git", "gitdir: ../gitdirs/proj\n");
        var p = _h.Build(new PolicyRequest { AllowWrite = [_h.Cwd, _h.Tree.P("gitdirs")] });
        Assert.Equal(Access.ReadOnly, p.AccessOf(gitdir + "/hooks"));
    }

    [Fact]
    public void GrantThroughASymlinkIntoACredentialStoreIsRefused()
    {
        var key = _h.Tree.File("home/.ssh/id_rsa");
        _h.Tree.Link("proj/notes", key);
        var e = Assert.Throws<ZeroboxException>(() => _h.Build(new PolicyRequest { AllowRead = ["notes"] }));
        Assert.Equal(125, e.ExitCode);
        Assert.Contains(Home(".ssh"), e.Message);
    }
}
