using Zerobox.Cli;

namespace Zerobox.Tests.Unit;

public class ArgParserTests
{
    private static CliOptions Parse(params string[] args) => ArgParser.Parse(args);

    private static KeyValuePair<string, string> Kv(string k, string v) => new(k, v);

    private static ZeroboxException Fails(params string[] args)
    {
        var e = Assert.Throws<ZeroboxException>(() => ArgParser.Parse(args));
        Assert.Equal(125, e.ExitCode);
        return e;
    }

    [Fact]
    public void NoFlagsMeansNothingGranted()
    {
        var o = Parse("ls", "-la");
        var r = o.Request;
        Assert.Equal(["ls", "-la"], r.Command);
        Assert.Empty(r.AllowRead); Assert.Empty(r.DenyRead); Assert.Empty(r.AllowWrite); Assert.Empty(r.DenyWrite);
        Assert.Empty(r.AllowEnv); Assert.Empty(r.DenyEnv); Assert.Empty(r.SetEnv);
        Assert.False(r.AllowReadAll); Assert.False(r.AllowWriteAll); Assert.False(r.AllowEnvAll);
        Assert.False(r.AllowAll); Assert.False(r.AllowUnixSockets);
        Assert.Null(r.Cwd);
        Assert.False(o.Explain); Assert.False(o.Help); Assert.False(o.Version);
    }

    [Fact]
    public void EmptyArgumentList()
    {
        var o = Parse();
        Assert.Empty(o.Request.Command);
    }

    [Fact]
    public void BareAllowReadMeansEverything()
    {
        var r = Parse("--allow-read", "cat", "x").Request;
        Assert.True(r.AllowReadAll);
        Assert.Empty(r.AllowRead);
        Assert.False(r.AllowWriteAll);
        Assert.Equal(["cat", "x"], r.Command);
    }

    [Fact]
    public void AllowReadListIsNotEverything()
    {
        var r = Parse("--allow-read=/a", "true").Request;
        Assert.False(r.AllowReadAll);
        Assert.Equal(["/a"], r.AllowRead);
    }

    [Fact]
    public void BareAllowWriteMeansEverything()
    {
        var r = Parse("--allow-write", "true").Request;
        Assert.True(r.AllowWriteAll);
        Assert.False(r.AllowReadAll);
        Assert.Empty(r.AllowWrite);
    }

    [Fact]
    public void BareAllowEnvMeansEverything()
    {
        var r = Parse("--allow-env", "env").Request;
        Assert.True(r.AllowEnvAll);
        Assert.Empty(r.AllowEnv);
    }

    [Fact]
    public void ListsSplitOnCommasAndAccumulateAcrossRepeats()
    {
        var r = Parse("--allow-read=/a,/b", "--allow-read=c", "--deny-read=/a/x,/b/y", "--deny-read=z",
            "--allow-write=./out,~/w", "--allow-write=/w2", "--deny-write=/w/.git", "--deny-write=k,l",
            "--allow-env=FOO,BAR_*", "--allow-env=BAZ", "--deny-env=AWS_*", "--deny-env=X,Y", "cmd").Request;
        Assert.Equal(["/a", "/b", "c"], r.AllowRead);
        Assert.Equal(["/a/x", "/b/y", "z"], r.DenyRead);
        Assert.Equal(["./out", "~/w", "/w2"], r.AllowWrite);
        Assert.Equal(["/w/.git", "k", "l"], r.DenyWrite);
        Assert.Equal(["FOO", "BAR_*", "BAZ"], r.AllowEnv);
        Assert.Equal(["AWS_*", "X", "Y"], r.DenyEnv);
        Assert.False(r.AllowReadAll || r.AllowWriteAll || r.AllowEnvAll);
        Assert.Equal(["cmd"], r.Command);
    }

    [Fact]
    public void BareAndListFormsCombine()
    {
        var r = Parse("--allow-read", "--allow-read=/x", "true").Request;
        Assert.True(r.AllowReadAll);
        Assert.Equal(["/x"], r.AllowRead);
    }

    [Fact]
    public void EnvBothFormsInOrder()
    {
        var r = Parse("--env", "A=1", "--env=B=2", "--env", "C=", "--env=A=3", "cmd").Request;
        Assert.Equal([Kv("A", "1"), Kv("B", "2"), Kv("C", ""), Kv("A", "3")], r.SetEnv);
        Assert.Equal(["cmd"], r.Command);
    }

    [Fact]
    public void EnvValueKeepsLaterEqualsSigns()
    {
        var r = Parse("--env", "A=b=c", "--env=OPTS=--x=1,y", "true").Request;
        Assert.Equal([Kv("A", "b=c"), Kv("OPTS", "--x=1,y")], r.SetEnv);
    }

    [Theory]
    [InlineData("-C", "/dir", "true")]
    [InlineData("-C/dir", "true")]
    [InlineData("--cwd=/dir", "true")]
    [InlineData("--cwd", "/dir", "true")]
    public void CwdForms(params string[] args)
    {
        var r = ArgParser.Parse(args).Request;
        Assert.Equal("/dir", r.Cwd);
        Assert.Equal(["true"], r.Command);
    }

    [Fact]
    public void CwdValueMayLookLikeAFlag()
    {
        var r = Parse("-C", "-weird", "true").Request;
        Assert.Equal("-weird", r.Cwd);
        Assert.Equal(["true"], r.Command);
    }

    [Theory]
    [InlineData("-A")]
    [InlineData("--allow-all")]
    public void AllowAll(string flag)
    {
        var r = Parse(flag, "true").Request;
        Assert.True(r.AllowAll);
        Assert.False(r.AllowReadAll);
        Assert.Equal(["true"], r.Command);
    }

    [Fact]
    public void AllowUnixSockets()
    {
        var r = Parse("--allow-unix-sockets", "true").Request;
        Assert.True(r.AllowUnixSockets);
        Assert.False(r.AllowAll);
    }

    [Fact]
    public void Explain()
    {
        var o = Parse("--explain", "--allow-read=/a", "true");
        Assert.True(o.Explain);
        Assert.False(o.Help);
        Assert.Equal(["/a"], o.Request.AllowRead);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help(string flag)
    {
        var o = Parse(flag);
        Assert.True(o.Help);
        Assert.False(o.Version);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("-V")]
    public void Version(string flag)
    {
        var o = Parse(flag);
        Assert.True(o.Version);
        Assert.False(o.Help);
    }

    [Fact]
    public void DoubleDashEndsFlags()
    {
        var r = Parse("--allow-read=/a", "--", "--allow-write", "-A", "x").Request;
        Assert.Equal(["--allow-write", "-A", "x"], r.Command);
        Assert.False(r.AllowWriteAll);
        Assert.False(r.AllowAll);
    }

    [Fact]
    public void OnlyTheFirstDoubleDashIsConsumed()
    {
        var r = Parse("--", "--", "x").Request;
        Assert.Equal(["--", "x"], r.Command);
    }

    [Fact]
    public void FlagsAfterTheCommandBelongToTheCommand()
    {
        var o = Parse("--allow-read=/a", "grep", "--allow-write", "-A", "3", "--explain", "--bogus", "-C", "x");
        var r = o.Request;
        Assert.Equal(["grep", "--allow-write", "-A", "3", "--explain", "--bogus", "-C", "x"], r.Command);
        Assert.False(r.AllowWriteAll);
        Assert.False(r.AllowAll);
        Assert.False(o.Explain);
        Assert.Null(r.Cwd);
        Assert.Equal(["/a"], r.AllowRead);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("./run.sh")]
    [InlineData("x=1")]
    public void ANonFlagWordStartsTheCommand(string word)
    {
        var r = Parse(word, "--allow-all").Request;
        Assert.Equal([word, "--allow-all"], r.Command);
        Assert.False(r.AllowAll);
    }

    // ---- errors ----

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--allow-reed")]
    [InlineData("--allow-read-all")]
    public void UnknownLongFlag(string flag)
    {
        var e = Fails(flag, "true");
        Assert.Contains(flag, e.Message);
        Assert.Contains("unknown", e.Message);
    }

    [Fact]
    public void UnknownLongFlagWithValueNamesTheFlag()
    {
        var e = Fails("--bogus=1", "true");
        Assert.Contains("--bogus", e.Message);
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("-a")]
    [InlineData("-Ah")]
    public void UnknownShortFlag(string flag)
    {
        var e = Fails(flag, "true");
        Assert.Contains(flag, e.Message);
        Assert.Contains("unknown", e.Message);
    }

    [Theory]
    [InlineData("--deny-read")]
    [InlineData("--deny-write")]
    [InlineData("--deny-env")]
    public void DenyFlagsNeedAValue(string flag)
    {
        var e = Fails(flag, "true");
        Assert.Contains(flag, e.Message);
        Assert.Contains("needs a value", e.Message);
    }

    [Theory]
    [InlineData("--allow-read=")]
    [InlineData("--allow-write=")]
    [InlineData("--allow-env=")]
    [InlineData("--deny-read=")]
    [InlineData("--deny-write=")]
    [InlineData("--deny-env=")]
    public void EmptyListIsAnError(string arg)
    {
        var e = Fails(arg, "true");
        Assert.Contains(arg.TrimEnd('='), e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Theory]
    [InlineData("--allow-read=a,,b")]
    [InlineData("--allow-read=a,")]
    [InlineData("--allow-read=,a")]
    [InlineData("--deny-write=a,,b")]
    [InlineData("--allow-env=A,,B")]
    public void EmptyListEntryIsAnError(string arg)
    {
        var e = Fails(arg, "true");
        Assert.Contains(arg[..arg.IndexOf('=')], e.Message);
        Assert.Contains("empty entry", e.Message);
    }

    [Theory]
    [InlineData("--env=NOEQUALS")]
    [InlineData("--env=")]
    public void EnvWithoutEqualsIsAnError(string arg)
    {
        var e = Fails(arg, "true");
        Assert.Contains("--env", e.Message);
        Assert.Contains("NAME=VALUE", e.Message);
    }

    [Fact]
    public void EnvSeparateArgumentWithoutEqualsIsAnError()
    {
        var e = Fails("--env", "NOEQUALS", "true");
        Assert.Contains("--env", e.Message);
        Assert.Contains("NOEQUALS", e.Message);
    }

    [Theory]
    [InlineData("--env==x")]
    [InlineData("--env", "=x")]
    public void EnvWithEmptyNameIsAnError(params string[] args)
    {
        var e = Fails([.. args, "true"]);
        Assert.Contains("--env", e.Message);
    }

    [Fact]
    public void EnvMissingArgument()
    {
        var e = Fails("--env");
        Assert.Contains("--env", e.Message);
    }

    [Fact]
    public void ShortCMissingArgument()
    {
        var e = Fails("-C");
        Assert.Contains("-C", e.Message);
    }

    [Fact]
    public void LongCwdMissingArgument()
    {
        var e = Fails("--cwd");
        Assert.Contains("--cwd", e.Message);
    }

    [Theory]
    [InlineData("-C", "/a", "-C", "/b")]
    [InlineData("-C/a", "--cwd=/b")]
    [InlineData("--cwd", "/a", "-C/b")]
    [InlineData("--cwd=/a", "--cwd=/a")]
    public void CwdGivenTwice(params string[] args)
    {
        var e = Fails([.. args, "true"]);
        Assert.Contains("-C/--cwd", e.Message);
        Assert.Contains("twice", e.Message);
    }

    [Theory]
    [InlineData("--cwd=")]
    [InlineData("--cwd", "")]
    [InlineData("-C", "")]
    public void CwdEmptyIsAnError(params string[] args)
    {
        var e = Fails([.. args, "true"]);
        Assert.Contains("-C/--cwd", e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Theory]
    [InlineData("--explain=x")]
    [InlineData("--explain=")]
    [InlineData("--allow-all=1")]
    [InlineData("--allow-unix-sockets=yes")]
    [InlineData("--help=1")]
    [InlineData("--version=1")]
    public void ValueOnANoValueFlag(string arg)
    {
        var e = Fails(arg, "true");
        Assert.Contains(arg[..arg.IndexOf('=')], e.Message);
        Assert.Contains("takes no value", e.Message);
    }
}
