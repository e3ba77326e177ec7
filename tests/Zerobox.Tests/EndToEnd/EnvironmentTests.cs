using Zerobox.Tests.Support;

namespace Zerobox.Tests.EndToEnd;

public class EnvironmentTests
{
    public static TheoryData<string> Users => TestUser.All();

    private static readonly Dictionary<string, string> HostEnv = new()
    {
        ["TERM"] = "xterm", ["SECRET_TOKEN"] = "TOKEN_VALUE_10", ["AWS_KEY"] = "AWS_VALUE_11", ["AWS_REGION"] = "eu",
    };

    private static Dictionary<string, string> Vars(string envOutput) =>
        envOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);

    [Theory, MemberData(nameof(Users))]
    public void Only_the_default_variables_are_passed(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, ["--", "env"], env: HostEnv);
        var vars = Vars(r.Stdout);
        // PWD is bubblewrap's: it names the working directory it changed into.
        Assert.Equal(["HOME", "LANG", "PATH", "PWD", "SHELL", "TERM", "USER"], vars.Keys.Order());
        Assert.Equal(ws.Home, vars["HOME"]);
        Assert.DoesNotContain("TOKEN_VALUE_10", r.All);
        Assert.DoesNotContain("AWS_VALUE_11", r.All);
    }

    [Theory, MemberData(nameof(Users))]
    public void Allow_deny_and_set_compose_in_order(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, ["--allow-env=AWS_*", "--deny-env=AWS_KEY,TERM,SHELL", "--env", "SHELL=/bin/zsh", "--env=A=b=c", "--", "env"], env: HostEnv);
        var vars = Vars(r.Stdout);
        Assert.Equal("eu", vars["AWS_REGION"]);
        Assert.False(vars.ContainsKey("AWS_KEY"));
        Assert.False(vars.ContainsKey("TERM"));
        Assert.Equal("/bin/zsh", vars["SHELL"]); // --env beats --deny-env
        Assert.Equal("b=c", vars["A"]);
        Assert.DoesNotContain("TOKEN_VALUE_10", r.All);
    }

    [Theory, MemberData(nameof(Users))]
    public void Bare_allow_env_passes_everything_but_denials(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        var r = Sandbox.Run(ws, ["--allow-env", "--deny-env=AWS_KEY", "--", "env"], env: HostEnv);
        var vars = Vars(r.Stdout);
        Assert.Equal("TOKEN_VALUE_10", vars["SECRET_TOKEN"]);
        Assert.False(vars.ContainsKey("AWS_KEY"));
    }

    [Fact]
    public void Invalid_env_flags_are_125()
    {
        using var ws = new Workspace(TestUser.Current);
        foreach (var args in new[] { new[] { "--env", "NOEQUALS", "true" }, ["--env", "1BAD=x", "true"], ["--allow-env=BAD-NAME", "true"], ["--deny-env", "true"] })
        {
            var r = Sandbox.Run(ws, args);
            Assert.Equal(125, r.ExitCode);
            Assert.StartsWith("zerobox: ", r.Stderr);
            Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Theory, MemberData(nameof(Users))]
    public void Allow_all_runs_without_a_sandbox_but_still_filters_the_environment(string user)
    {
        using var ws = new Workspace(TestUser.ByName(user));
        ws.Write("proj/visible.txt", "NO_SANDBOX_12");
        var r = Sandbox.Run(ws, ["-A", "--", "sh", "-c", "cat visible.txt; env"], env: HostEnv);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("NO_SANDBOX_12", r.Stdout);
        Assert.DoesNotContain("TOKEN_VALUE_10", r.Stdout);
        var warning = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("zerobox: warning:", warning);
    }
}
