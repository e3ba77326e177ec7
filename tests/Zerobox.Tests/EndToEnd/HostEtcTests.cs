using Zerobox.Tests.Support;

namespace Zerobox.Tests.EndToEnd;

/// <summary>Tests that change the host's /etc run alone: every root run walks /etc while it plans, and a file
/// appearing or vanishing meanwhile would fail another test's run (zerobox then refuses to start, exit 125).</summary>
[CollectionDefinition(nameof(HostEtcCollection), DisableParallelization = true)]
public sealed class HostEtcCollection;

[Collection(nameof(HostEtcCollection))]
public class HostEtcTests
{
    [Fact]
    public void Run_by_root_files_only_root_may_read_in_etc_stay_hidden()
    {
        if (TestUser.Current.Uid != 0) return; // the case only exists for a root caller; CI runs as root
        var probe = "/etc/zerobox-test-rootonly-" + Guid.NewGuid().ToString("n")[..8];
        File.WriteAllText(probe, "ROOT_ONLY_17");
        File.SetUnixFileMode(probe, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            using var ws = new Workspace(TestUser.Current);
            var r = Sandbox.Run(ws, ["--", "sh", "-c", $"cat {probe}; cat /etc/hostname >/dev/null && echo ETC_OK"]);
            Assert.Contains("ETC_OK", r.Stdout);
            Assert.DoesNotContain("ROOT_ONLY_17", r.All);
        }
        finally { File.Delete(probe); }
    }
}
