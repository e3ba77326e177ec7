using Zerobox.Policy;

namespace Zerobox.Tests.Unit;

/// <summary>The environment the sandbox gets: defaults, --allow-env, --deny-env, --env.</summary>
public sealed class PolicyBuilderEnvTests : IDisposable
{
    private readonly TempHost _h = new();

    public void Dispose() => _h.Dispose();

    private Dictionary<string, string> Env(PolicyRequest request) =>
        _h.Build(request).Environment.ToDictionary(kv => kv.Key, kv => kv.Value);

    [Fact]
    public void DefaultKeepsOnlyTheBasics()
    {
        var env = Env(new PolicyRequest());
        Assert.Equal(["HOME", "LANG", "PATH", "SHELL", "TERM", "USER"], env.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(_h.Home, env["HOME"]);
        Assert.Equal("/usr/bin:/bin", env["PATH"]);
    }

    [Fact]
    public void DefaultsMissingOnTheHostAreNotInvented()
    {
        var host = new Dictionary<string, string> { ["PATH"] = "/bin", ["SECRET"] = "s" };
        var p = PolicyBuilder.Build(new PolicyRequest(), _h.Context(host));
        Assert.Equal(["HOME", "PATH"], p.Environment.Select(kv => kv.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AllowEnvAddsNamesAndPrefixes()
    {
        var env = Env(new PolicyRequest { AllowEnv = ["EDITOR", "FOO_*"] });
        Assert.Equal("vi", env["EDITOR"]);
        Assert.Equal("1", env["FOO_ONE"]);
        Assert.Equal("2", env["FOO_TWO"]);
        Assert.False(env.ContainsKey("FOOBAR"));
        Assert.False(env.ContainsKey("AWS_SECRET_ACCESS_KEY"));
    }

    [Fact]
    public void AllowEnvExactNameIsNotAPrefix()
    {
        var env = Env(new PolicyRequest { AllowEnv = ["FOO"] });
        Assert.False(env.ContainsKey("FOOBAR"));
        Assert.False(env.ContainsKey("FOO_ONE"));
    }

    [Fact]
    public void DenyEnvRemovesADefault()
    {
        var env = Env(new PolicyRequest { DenyEnv = ["TERM"] });
        Assert.False(env.ContainsKey("TERM"));
        Assert.True(env.ContainsKey("LANG"));
    }

    [Fact]
    public void DenyEnvBeatsAllowEnv()
    {
        var env = Env(new PolicyRequest { AllowEnv = ["FOO_*"], DenyEnv = ["FOO_TWO"] });
        Assert.True(env.ContainsKey("FOO_ONE"));
        Assert.False(env.ContainsKey("FOO_TWO"));
    }

    [Fact]
    public void SetEnvBeatsDenyEnv()
    {
        var env = Env(new PolicyRequest
        {
            DenyEnv = ["TERM", "X*"],
            SetEnv = [new("TERM", "dumb"), new("XNEW", "v")],
        });
        Assert.Equal("dumb", env["TERM"]);
        Assert.Equal("v", env["XNEW"]);
    }

    [Fact]
    public void LaterSetEnvWins()
    {
        var env = Env(new PolicyRequest { SetEnv = [new("A", "1"), new("A", "2"), new("E", "")] });
        Assert.Equal("2", env["A"]);
        Assert.Equal("", env["E"]);
    }

    [Fact]
    public void AllowEnvAllPassesEverything()
    {
        var env = Env(new PolicyRequest { AllowEnvAll = true });
        Assert.Equal(
            _h.Context().Environment.Keys.Order(StringComparer.Ordinal),
            env.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("secret", env["AWS_SECRET_ACCESS_KEY"]);
    }

    [Fact]
    public void AllowEnvAllStillHonoursDenyEnv()
    {
        var env = Env(new PolicyRequest { AllowEnvAll = true, DenyEnv = ["AWS_*"] });
        Assert.False(env.ContainsKey("AWS_SECRET_ACCESS_KEY"));
        Assert.True(env.ContainsKey("EDITOR"));
    }

    [Fact]
    public void BareStarDeniesEverythingButSetEnv()
    {
        var env = Env(new PolicyRequest { DenyEnv = ["*"], SetEnv = [new("ONLY", "me")] });
        Assert.Equal(["ONLY"], env.Keys);
    }

    [Theory]
    [InlineData("1ABC")]
    [InlineData("A-B")]
    [InlineData("A B")]
    [InlineData("*FOO")]
    [InlineData("FO*O")]
    [InlineData("A=B")]
    [InlineData("")]
    public void InvalidAllowEnvPatternIsRejected(string pattern)
    {
        var e = Assert.Throws<ZeroboxException>(() => _h.Build(new PolicyRequest { AllowEnv = [pattern] }));
        Assert.Equal(125, e.ExitCode);
        Assert.Contains("--allow-env", e.Message);
    }

    [Theory]
    [InlineData("9X")]
    [InlineData("A.B")]
    [InlineData("**")]
    public void InvalidDenyEnvPatternIsRejected(string pattern)
    {
        var e = Assert.Throws<ZeroboxException>(() => _h.Build(new PolicyRequest { DenyEnv = [pattern] }));
        Assert.Equal(125, e.ExitCode);
        Assert.Contains("--deny-env", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("9X")]
    [InlineData("A-B")]
    [InlineData("FOO_*")]
    public void InvalidSetEnvNameIsRejected(string name)
    {
        var e = Assert.Throws<ZeroboxException>(() => _h.Build(new PolicyRequest { SetEnv = [new(name, "v")] }));
        Assert.Equal(125, e.ExitCode);
        Assert.Contains("--env", e.Message);
    }

    [Theory]
    [InlineData("_")]
    [InlineData("_X1")]
    [InlineData("a_lower")]
    [InlineData("*")]
    [InlineData("X*")]
    public void ValidPatternsAreAccepted(string pattern)
    {
        var ex = Record.Exception(() => _h.Build(new PolicyRequest { AllowEnv = [pattern], DenyEnv = [pattern] }));
        Assert.Null(ex);
    }
}
