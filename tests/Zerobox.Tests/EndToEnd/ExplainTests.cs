using Zerobox.Tests.Support;

namespace Zerobox.Tests.EndToEnd;

public class ExplainTests
{
    [Fact]
    public void Explain_prints_the_effective_policy_and_runs_nothing()
    {
        using var ws = new Workspace(TestUser.Current);
        Directory.CreateDirectory(Path.Combine(ws.Proj, "out"));
        var r = Sandbox.Run(ws, ["--explain", "--allow-read=.", "--allow-write=./out", "--deny-read=./out/private", "--", "sh", "-c", "touch out/ran"]);
        Assert.Equal(0, r.ExitCode);
        Assert.False(File.Exists(Path.Combine(ws.Proj, "out/ran")));
        Assert.False(Path.Exists(Path.Combine(ws.Proj, ".envrc"))); // no placeholders either
        Assert.Matches($@"\n  {ws.Proj}\s+read-only\n", r.Stdout);
        Assert.Matches($@"\n  {ws.Proj}/out\s+read-write\n", r.Stdout);
        Assert.Contains("/tmp", r.Stdout);
        Assert.Contains("namespaces:", r.Stdout);
        Assert.Contains("landlock:", r.Stdout);
        Assert.Contains("ioctl(arg1 & 0xffffffff == 0x5412)", r.Stdout);
        Assert.Contains("environment: HOME LANG PATH SHELL USER", r.Stdout);
    }
}
