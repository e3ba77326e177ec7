using Zerobox.Runtime;

namespace Zerobox.Tests.Unit;

public sealed class HostPathsTests : IDisposable
{
    private readonly TempTree _t = new();

    public void Dispose() => _t.Dispose();

    private static HostContext Host(string home = "/home/me", string cwd = "/work/proj") =>
        new(new Dictionary<string, string>(), cwd, home, 1000, 1000);

    [Theory]
    [InlineData("~", "/home/me")]
    [InlineData("~/", "/home/me")]
    [InlineData("~/x", "/home/me/x")]
    [InlineData("~/a/../b", "/home/me/b")]
    [InlineData("x", "/work/proj/x")]
    [InlineData(".", "/work/proj")]
    [InlineData("./a/b/", "/work/proj/a/b")]
    [InlineData("..", "/work")]
    [InlineData("../other", "/work/other")]
    [InlineData("/abs//path/", "/abs/path")]
    [InlineData("/a/~/b", "/a/~/b")]
    [InlineData("x~", "/work/proj/x~")]
    public void Expand(string raw, string expected) => Assert.Equal(expected, HostPaths.Expand(raw, Host(), "--allow-read"));

    [Fact]
    public void ExpandTildeWithRootHome() => Assert.Equal("/x", HostPaths.Expand("~/x", Host(home: "/"), "--allow-read"));

    [Theory]
    [InlineData("~root")]
    [InlineData("~root/x")]
    [InlineData("~me")]
    public void ExpandRejectsTildeUser(string raw)
    {
        var e = Assert.Throws<ZeroboxException>(() => HostPaths.Expand(raw, Host(), "--allow-write"));
        Assert.Equal(125, e.ExitCode);
        Assert.Contains("--allow-write", e.Message);
        Assert.Contains("~user", e.Message);
    }

    [Fact]
    public void ExpandRejectsEmpty()
    {
        var e = Assert.Throws<ZeroboxException>(() => HostPaths.Expand("", Host(), "--deny-read"));
        Assert.Equal(125, e.ExitCode);
        Assert.Contains("--deny-read", e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void ExpandRejectsNul()
    {
        var e = Assert.Throws<ZeroboxException>(() => HostPaths.Expand("a\0b", Host(), "--deny-read"));
        Assert.Equal(125, e.ExitCode);
    }

    [Fact]
    public void RealPathOfMissingIsNull()
    {
        Assert.Null(HostPaths.RealPath(_t.P("nope"), "t"));
        Assert.Null(HostPaths.RealPath(_t.P("nope/deeper"), "t"));
    }

    [Fact]
    public void RealPathUnderAFileIsNull()
    {
        var f = _t.File("plain");
        Assert.Null(HostPaths.RealPath(f + "/child", "t"));
    }

    [Fact]
    public void RealPathResolvesSymlinks()
    {
        var target = _t.File("real/dir/file");
        _t.Link("alias", _t.P("real"));
        _t.Link("rel", "real/dir/file");
        Assert.Equal(target, HostPaths.RealPath(_t.P("alias/dir/file"), "t"));
        Assert.Equal(target, HostPaths.RealPath(_t.P("rel"), "t"));
        Assert.Equal(_t.P("real/dir"), HostPaths.RealPath(_t.P("alias/dir"), "t"));
    }

    [Fact]
    public void RealPathOfASymlinkLoopThrows()
    {
        _t.Link("loop1", _t.P("loop2"));
        _t.Link("loop2", _t.P("loop1"));
        var e = Assert.Throws<ZeroboxException>(() => HostPaths.RealPath(_t.P("loop1"), "--allow-read"));
        Assert.Equal(125, e.ExitCode);
        Assert.Contains("loop", e.Message);
    }

    [Fact]
    public void ResolveMaybeMissingOfExistingPathIsItsRealPath()
    {
        var target = _t.Dir("real");
        _t.Link("alias", target);
        Assert.Equal(target, HostPaths.ResolveMaybeMissing(_t.P("alias"), "t"));
    }

    [Fact]
    public void ResolveMaybeMissingResolvesASymlinkedParentOfAMissingLeaf()
    {
        _t.Dir("real");
        _t.Link("alias", _t.P("real"));
        Assert.Equal(_t.P("real/missing"), HostPaths.ResolveMaybeMissing(_t.P("alias/missing"), "t"));
        Assert.Equal(_t.P("real/a/b/c"), HostPaths.ResolveMaybeMissing(_t.P("alias/a/b/c"), "t"));
    }

    [Fact]
    public void ResolveMaybeMissingOfAllMissingIsLexical() =>
        Assert.Equal(_t.P("x/y"), HostPaths.ResolveMaybeMissing(_t.P("x/y"), "t"));

    [Fact]
    public void ResolveMaybeMissingFollowsASymlinkLeafToItsTarget()
    {
        var target = _t.File("real/secret");
        _t.Link("link", target);
        Assert.Equal(target, HostPaths.ResolveMaybeMissing(_t.P("link"), "t"));
    }

    /// <summary>The documented contract: "a symlink planted at the path therefore protects its target, never a
    /// stand-in". A dangling link must resolve to where it points, since that is what creating through it makes.</summary>
    [Fact]
    public void ResolveMaybeMissingFollowsADanglingSymlinkLeafToItsTarget()
    {
        _t.Dir("real");
        _t.Link("link", _t.P("real/not-yet"));
        Assert.Equal(_t.P("real/not-yet"), HostPaths.ResolveMaybeMissing(_t.P("link"), "t"));
    }

    [Fact]
    public void ResolveUnderWalksPlainDirectories()
    {
        _t.Dir("home/.config");
        Assert.Equal(_t.P("home/.config/gh"), HostPaths.ResolveUnder(_t.P("home"), ".config/gh"));
        Assert.Equal(_t.P("home/.config"), HostPaths.ResolveUnder(_t.P("home"), ".config"));
    }

    [Fact]
    public void ResolveUnderResolvesASymlinkedParentWhenTheLeafIsMissing()
    {
        _t.Dir("home");
        _t.Dir("dotfiles/config");
        _t.Link("home/.config", _t.P("dotfiles/config"));
        Assert.Equal(_t.P("dotfiles/config/gh"), HostPaths.ResolveUnder(_t.P("home"), ".config/gh"));
        Assert.Equal(_t.P("dotfiles/config/a/b"), HostPaths.ResolveUnder(_t.P("home"), ".config/a/b"));
    }

    [Fact]
    public void ResolveUnderResolvesASymlinkLeafToItsTarget()
    {
        _t.Dir("home");
        var target = _t.Dir("vault/ssh");
        _t.Link("home/.ssh", target);
        Assert.Equal(target, HostPaths.ResolveUnder(_t.P("home"), ".ssh"));
    }

    [Fact]
    public void ResolveUnderResolvesARelativeSymlink()
    {
        _t.Dir("home");
        var target = _t.File("store/netrc");
        _t.Link("home/.netrc", "../store/netrc");
        Assert.Equal(target, HostPaths.ResolveUnder(_t.P("home"), ".netrc"));
    }

    [Fact]
    public void ResolveUnderKeepsTheRestAfterTheFirstMissingComponent() =>
        Assert.Equal(_t.P("nohome/.docker/config.json"), HostPaths.ResolveUnder(_t.P("nohome"), ".docker/config.json"));

    [Fact]
    public void KindOf()
    {
        var dir = _t.Dir("d");
        var file = _t.File("f");
        var link = _t.Link("l", dir);
        var dangling = _t.Link("dangling", _t.P("none"));
        Assert.Equal(HostPaths.FileKind.Directory, HostPaths.KindOf(dir));
        Assert.Equal(HostPaths.FileKind.File, HostPaths.KindOf(file));
        Assert.Equal(HostPaths.FileKind.Symlink, HostPaths.KindOf(link));
        Assert.Equal(HostPaths.FileKind.Symlink, HostPaths.KindOf(dangling));
        Assert.Equal(HostPaths.FileKind.Missing, HostPaths.KindOf(_t.P("none")));
        Assert.Equal(HostPaths.FileKind.Other, HostPaths.KindOf("/dev/null"));
        Assert.True(HostPaths.IsSymlink(link));
        Assert.False(HostPaths.IsDirectory(link));
        Assert.True(HostPaths.Exists(dangling));
        Assert.False(HostPaths.Exists(_t.P("none")));
    }
}
