using Zerobox.Policy;

namespace Zerobox.Tests.Unit;

public class AccessResolverTests
{
    /// <summary>Rules as "kind:path" separated by spaces; kinds: ar (allow-read), aw (allow-write),
    /// dr (deny-read), dw (deny-write).</summary>
    private static AccessResolver Resolver(string rules) => new(
        rules.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(r =>
        {
            var (kind, path) = (r[..r.IndexOf(':')], r[(r.IndexOf(':') + 1)..]);
            var k = kind switch
            {
                "ar" => RuleKind.AllowRead,
                "aw" => RuleKind.AllowWrite,
                "dr" => RuleKind.DenyRead,
                "dw" => RuleKind.DenyWrite,
                _ => throw new ArgumentException(kind),
            };
            return new PathRule(path, k, RuleOrigin.User);
        }).ToList());

    [Theory]
    // No rule at all: hidden.
    [InlineData("", "/etc/hosts", Access.Hidden)]
    [InlineData("ar:/usr", "/etc", Access.Hidden)]
    // The documented example.
    [InlineData("ar:/ dr:/etc ar:/etc/hosts", "/etc/hosts", Access.ReadOnly)]
    [InlineData("ar:/ dr:/etc ar:/etc/hosts", "/etc/passwd", Access.Hidden)]
    [InlineData("ar:/ dr:/etc ar:/etc/hosts", "/etc", Access.Hidden)]
    [InlineData("ar:/ dr:/etc ar:/etc/hosts", "/usr", Access.ReadOnly)]
    [InlineData("ar:/ dr:/etc ar:/etc/hosts", "/usr/bin/env", Access.ReadOnly)]
    // Rule order does not matter.
    [InlineData("ar:/etc/hosts dr:/etc ar:/", "/etc/hosts", Access.ReadOnly)]
    [InlineData("ar:/etc/hosts dr:/etc ar:/", "/etc/passwd", Access.Hidden)]
    // The rule applies to the path itself and everything below it.
    [InlineData("ar:/data", "/data", Access.ReadOnly)]
    [InlineData("ar:/data", "/data/a/b/c", Access.ReadOnly)]
    [InlineData("ar:/data", "/", Access.Hidden)]
    // Prefix trap: /foo does not cover /foobar (nor /foo-x), in either direction.
    [InlineData("ar:/foo", "/foobar", Access.Hidden)]
    [InlineData("ar:/foo", "/foo-x/y", Access.Hidden)]
    [InlineData("aw:/foo", "/foobar", Access.Hidden)]
    [InlineData("ar:/ dr:/foo", "/foobar", Access.ReadOnly)]
    [InlineData("aw:/ dw:/foo", "/foobar/x", Access.ReadWrite)]
    [InlineData("ar:/ dr:/foo", "/foo", Access.Hidden)]
    // A write grant is also a read grant.
    [InlineData("aw:/work", "/work/file", Access.ReadWrite)]
    [InlineData("aw:/work", "/other", Access.Hidden)]
    // Deny-write inside allow-write: read-only.
    [InlineData("aw:/work dw:/work/.git", "/work/.git/hooks", Access.ReadOnly)]
    [InlineData("aw:/work dw:/work/.git", "/work/src", Access.ReadWrite)]
    // Allow-write under deny-read: read-write (nearest wins, for reading and for writing).
    [InlineData("ar:/ dr:/home aw:/home/me/proj", "/home/me/proj/x", Access.ReadWrite)]
    [InlineData("ar:/ dr:/home aw:/home/me/proj", "/home/me", Access.Hidden)]
    // Allow-read under allow-write does not take writing away (it says nothing about writing).
    [InlineData("aw:/work ar:/work/sub", "/work/sub/f", Access.ReadWrite)]
    // Allow-read under deny-write stays read-only.
    [InlineData("aw:/ dw:/etc ar:/etc/hosts", "/etc/hosts", Access.ReadOnly)]
    // A read deny is also a write deny: a nearer deny-read beats a farther allow-write for writing too.
    [InlineData("aw:/ dr:/secret ar:/secret/pub", "/secret/pub", Access.ReadOnly)]
    [InlineData("aw:/ dr:/secret", "/secret/x", Access.Hidden)]
    // Deny-write alone grants nothing.
    [InlineData("dw:/x", "/x", Access.Hidden)]
    // Deny-write above allow-write: the nearer allow-write wins.
    [InlineData("aw:/ dw:/work aw:/work/out", "/work/out/a", Access.ReadWrite)]
    [InlineData("aw:/ dw:/work aw:/work/out", "/work/in", Access.ReadOnly)]
    // Ties on the same path: deny wins, whatever the order.
    [InlineData("ar:/x dr:/x", "/x", Access.Hidden)]
    [InlineData("dr:/x ar:/x", "/x/y", Access.Hidden)]
    [InlineData("aw:/x dw:/x", "/x", Access.ReadOnly)]
    [InlineData("dw:/x aw:/x", "/x/y", Access.ReadOnly)]
    [InlineData("aw:/x dr:/x", "/x", Access.Hidden)]
    [InlineData("dr:/x aw:/x", "/x", Access.Hidden)]
    // A tie at a nearer depth beats an allow farther up.
    [InlineData("aw:/ ar:/a dr:/a", "/a/b", Access.Hidden)]
    // The root as a rule.
    [InlineData("aw:/", "/", Access.ReadWrite)]
    [InlineData("ar:/", "/any/where", Access.ReadOnly)]
    public void Precedence(string rules, string path, Access expected) =>
        Assert.Equal(expected, Resolver(rules).AccessOf(path));

    [Fact]
    public void DecidesFromRulesNotFromTheirOrigin()
    {
        var rules = new List<PathRule>
        {
            new("/", RuleKind.AllowWrite, RuleOrigin.User),
            new("/home/me/.ssh", RuleKind.DenyRead, RuleOrigin.Protected),
            new("/home/me/.bashrc", RuleKind.DenyWrite, RuleOrigin.Protected),
        };
        var r = new AccessResolver(rules);
        Assert.Equal(Access.Hidden, r.AccessOf("/home/me/.ssh/id_rsa"));
        Assert.Equal(Access.ReadOnly, r.AccessOf("/home/me/.bashrc"));
        Assert.Equal(Access.ReadWrite, r.AccessOf("/home/me/.bashrc.d"));
    }
}
