using Zerobox.Policy;

namespace Zerobox.Tests.Unit;

public class PathUtilTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("//", "/")]
    [InlineData("/a/b/", "/a/b")]
    [InlineData("/a//b///c", "/a/b/c")]
    [InlineData("/a/./b/.", "/a/b")]
    [InlineData("/a/b/../c", "/a/c")]
    [InlineData("/a/b/../../..", "/")]
    [InlineData("/../etc", "/etc")]
    [InlineData("/..", "/")]
    [InlineData("/a/..b/c", "/a/..b/c")]
    [InlineData("/a/.b", "/a/.b")]
    [InlineData("/a/...", "/a/...")]
    public void Normalize(string input, string expected) => Assert.Equal(expected, PathUtil.Normalize(input));

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("./a")]
    [InlineData("~/a")]
    public void NormalizeRejectsRelativePaths(string input) =>
        Assert.Throws<ArgumentException>(() => PathUtil.Normalize(input));

    [Theory]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/a", "/a", true)]
    [InlineData("/a/b/c", "/a/b", true)]
    [InlineData("/anything", "/", true)]
    [InlineData("/", "/", true)]
    [InlineData("/foobar", "/foo", false)]
    [InlineData("/foo-x/y", "/foo", false)]
    [InlineData("/a", "/a/b", false)]
    [InlineData("/", "/a", false)]
    [InlineData("/b", "/a", false)]
    public void IsSameOrUnder(string path, string ancestor, bool expected) =>
        Assert.Equal(expected, PathUtil.IsSameOrUnder(path, ancestor));

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/a", "/")]
    [InlineData("/a/b", "/a")]
    [InlineData("/a/b/c", "/a/b")]
    public void Parent(string path, string expected) => Assert.Equal(expected, PathUtil.Parent(path));

    [Theory]
    [InlineData("/", 0)]
    [InlineData("/a", 1)]
    [InlineData("/a/b", 2)]
    [InlineData("/a/b/c.d", 3)]
    public void Depth(string path, int expected) => Assert.Equal(expected, PathUtil.Depth(path));

    [Theory]
    [InlineData("/", "etc", "/etc")]
    [InlineData("/home/me", ".ssh", "/home/me/.ssh")]
    [InlineData("/home/me", ".config/gh", "/home/me/.config/gh")]
    [InlineData("/home/me", "", "/home/me")]
    [InlineData("/home/me", "a/../b", "/home/me/b")]
    [InlineData("/home/me", "../other", "/home/other")]
    public void Combine(string dir, string relative, string expected) =>
        Assert.Equal(expected, PathUtil.Combine(dir, relative));
}
