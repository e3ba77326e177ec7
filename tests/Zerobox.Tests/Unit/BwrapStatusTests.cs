using Zerobox.Linux;

namespace Zerobox.Tests.Unit;

public class BwrapStatusTests
{
    private const string Sample = "{ \"child-pid\": 1234, \"cgroup-namespace\": 4026531835 }\n{ \"exit-code\": 42 }";

    [Fact]
    public void ChildPid() => Assert.Equal(1234, BwrapStatus.NumberAfter(Sample, "\"child-pid\""));

    [Fact]
    public void ExitCode() => Assert.Equal(42, BwrapStatus.NumberAfter(Sample, "\"exit-code\""));

    [Fact]
    public void ExitCodeZero() => Assert.Equal(0, BwrapStatus.NumberAfter("{ \"child-pid\": 7 }\n{ \"exit-code\": 0 }\n", "\"exit-code\""));

    [Fact]
    public void NoExitCodeYetMeansNull() =>
        Assert.Null(BwrapStatus.NumberAfter("{ \"child-pid\": 1234, \"cgroup-namespace\": 4026531835 }\n", "\"exit-code\""));

    [Fact]
    public void NumberTooLargeForAnIntIsNull() =>
        Assert.Null(BwrapStatus.NumberAfter(Sample, "\"cgroup-namespace\""));

    [Fact]
    public void CompactJson() => Assert.Equal(9, BwrapStatus.NumberAfter("{\"exit-code\":9}", "\"exit-code\""));

    [Fact]
    public void TruncatedStreamIsNull() => Assert.Null(BwrapStatus.NumberAfter("{ \"exit-code\": ", "\"exit-code\""));

    [Fact]
    public void EmptyIsNull() => Assert.Null(BwrapStatus.NumberAfter("", "\"child-pid\""));

    [Fact]
    public void NamespaceFailureIsExplainedInOneLine()
    {
        var msg = SandboxRunner.ExplainBwrapFailure("bwrap: No permissions to creating new namespace, likely because the kernel does not allow non-privileged user namespaces\n");
        Assert.DoesNotContain('\n', msg);
        Assert.Contains("namespaces", msg);
        Assert.Contains("No permissions to creating new namespace", msg);
        Assert.DoesNotContain("bwrap: ", msg);
    }

    [Fact]
    public void UsesTheLastLine()
    {
        var msg = SandboxRunner.ExplainBwrapFailure("warning: something\nbwrap: Can't find source path /nope: No such file or directory\n\n");
        Assert.DoesNotContain('\n', msg);
        Assert.Contains("Can't find source path /nope", msg);
        Assert.DoesNotContain("warning", msg);
        Assert.DoesNotContain("namespaces", msg);
        Assert.Contains("--explain", msg);
    }

    [Fact]
    public void EmptyStderrStillGivesAMessage()
    {
        var msg = SandboxRunner.ExplainBwrapFailure("");
        Assert.Contains("without a message", msg);
        Assert.DoesNotContain('\n', msg);
    }
}
