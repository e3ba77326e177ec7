using Zerobox.Policy;

namespace Zerobox.Tests.Unit;

/// <summary>Path grants and the defaults: what <see cref="PolicyBuilder"/> resolves typed paths to.</summary>
public sealed class PolicyBuilderPathTests : IDisposable
{
    private readonly TempHost _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void NothingGrantedMeansHomeAndCwdHiddenSystemReadable()
    {
        _h.Tree.File("proj/src/main.c");
        var p = _h.Build(new PolicyRequest());
        Assert.Equal(Access.Hidden, p.AccessOf(_h.Cwd));
        Assert.Equal(Access.Hidden, p.AccessOf(_h.Cwd + "/src/main.c"));
        Assert.Equal(Access.Hidden, p.AccessOf(_h.Home));
        Assert.Equal(Access.ReadOnly, p.AccessOf("/usr/bin/env"));
        Assert.Equal(Access.ReadOnly, p.AccessOf("/etc/passwd"));
        Assert.Equal(Access.Hidden, p.AccessOf("/etc/shadow"));
        Assert.Equal(Access.Hidden, p.AccessOf("/"));
        Assert.Equal(_h.Cwd, p.Cwd);
        Assert.Equal(_h.Home, p.Home);
    }

    [Fact]
    public void NonexistentAllowReadThrowsNamingThePath()
    {
        var missing = _h.Tree.P("does-not-exist");
        var e = Assert.Throws<ZeroboxException>(() => _h.Build(new PolicyRequest { AllowRead = [missing] }));
        Assert.Equal(125, e.ExitCode);
        Assert.Contains(missing, e.Message);
        Assert.Contains("--allow-read", e.Message);
    }

    [Fact]
    public void NonexistentAllowWriteThrowsNamingThePath()
    {
        var e = Assert.Throws<ZeroboxException>(() => _h.Build(new PolicyRequest { AllowWrite = ["out"] }));
        Assert.Equal(125, e.ExitCode);
        Assert.Contains(_h.Cwd + "/out", e.Message);
        Assert.Contains("--allow-write", e.Message);
    }

    [Fact]
    public void RelativeGrantResolvesAgainstCwd()
    {
        _h.Tree.File("proj/sub/f");
        _h.Tree.File("proj/other");
        var p = _h.Build(new PolicyRequest { AllowRead = ["sub"], AllowWrite = ["./sub/../sub"] });
        Assert.Equal(Access.ReadWrite, p.AccessOf(_h.Cwd + "/sub/f"));
        Assert.Equal(Access.Hidden, p.AccessOf(_h.Cwd + "/other"));
        Assert.Contains(p.Rules, r => r is { Kind: RuleKind.AllowWrite, Origin: RuleOrigin.User } && r.Path == _h.Cwd + "/sub");
    }

    [Fact]
    public void TildeGrantResolvesAgainstHome()
    {
        _h.Tree.File("home/docs/a.txt");
        var p = _h.Build(new PolicyRequest { AllowRead = ["~/docs"] });
        Assert.Equal(Access.ReadOnly, p.AccessOf(_h.Home + "/docs/a.txt"));
        Assert.Equal(Access.Hidden, p.AccessOf(_h.Home + "/other"));
    }

    [Fact]
    public void CwdOptionIsResolvedAgainstTheCallersCwd()
    {
        var sub = _h.Tree.Dir("proj/sub");
        var p = _h.Build(new PolicyRequest { Cwd = "sub" });
        Assert.Equal(sub, p.Cwd);
    }

    /// <summary>Relative grants are expanded against the caller's directory (HostPaths.Expand: "against the
    /// caller"), not against -C: with -C sub, "." still means the directory zerobox was started in.</summary>
    [Fact]
    public void RelativeGrantsStayRelativeToTheCallerNotToTheCwdOption()
    {
        _h.Tree.Dir("proj/sub");
        var p = _h.Build(new PolicyRequest { Cwd = "sub", AllowWrite = ["sub"] });
        Assert.Equal(Access.ReadWrite, p.AccessOf(_h.Cwd + "/sub/x"));
        Assert.Equal(Access.Hidden, p.AccessOf(_h.Cwd + "/x"));
    }

    [Fact]
    public void SymlinkedGrantGrantsTheTarget()
    {
        var real = _h.Tree.Dir("data");
        _h.Tree.Link("proj/data", real);
        var p = _h.Build(new PolicyRequest { AllowRead = ["data"] });
        Assert.Equal(Access.ReadOnly, p.AccessOf(real + "/x"));
        Assert.DoesNotContain(p.Rules, r => r.Origin == RuleOrigin.User && r.Path == _h.Cwd + "/data");
    }

    [Fact]
    public void MissingCwdIsAnError()
    {
        var e = Assert.Throws<ZeroboxException>(() => _h.Build(new PolicyRequest { Cwd = _h.Tree.P("gone") }));
        Assert.Equal(125, e.ExitCode);
        Assert.Contains("--cwd", e.Message);
    }

    [Fact]
    public void CwdThatIsAFileIsAnError()
    {
        var f = _h.Tree.File("plain");
        var e = Assert.Throws<ZeroboxException>(() => _h.Build(new PolicyRequest { Cwd = f }));
        Assert.Equal(125, e.ExitCode);
        Assert.Contains("not a directory", e.Message);
    }

    [Fact]
    public void DenyReadMayNameAMissingPath()
    {
        var p = _h.Build(new PolicyRequest { AllowWrite = ["."], DenyRead = ["later/secret"] });
        Assert.Equal(Access.Hidden, p.AccessOf(_h.Cwd + "/later/secret"));
        Assert.Equal(Access.ReadWrite, p.AccessOf(_h.Cwd + "/later"));
    }

    [Fact]
    public void DenyReadThroughASymlinkedDirectoryDeniesTheRealPath()
    {
        var real = _h.Tree.Dir("real");
        _h.Tree.Link("proj/alias", real);
        var p = _h.Build(new PolicyRequest { AllowRead = [_h.Tree.Root], DenyRead = ["alias/secret"] });
        Assert.Equal(Access.Hidden, p.AccessOf(real + "/secret"));
    }

    [Fact]
    public void BareAllowReadAndWriteCoverTheRootButNotProtectedPaths()
    {
        _h.Tree.File("home/.ssh/id_rsa");
        _h.Tree.File("home/.bashrc");
        var p = _h.Build(new PolicyRequest { AllowReadAll = true, AllowWriteAll = true });
        Assert.Equal(Access.ReadWrite, p.AccessOf("/"));
        Assert.Equal(Access.ReadWrite, p.AccessOf(_h.Home + "/notes"));
        Assert.Equal(Access.Hidden, p.AccessOf(_h.Home + "/.ssh/id_rsa"));
        Assert.Equal(Access.ReadOnly, p.AccessOf(_h.Home + "/.bashrc"));
        Assert.Equal(Access.Hidden, p.AccessOf("/etc/shadow"));
    }
}
