namespace Zerobox.Tests.Support;

/// <summary>Where the built binary and the attack probes are (./test stages them in a world-readable directory
/// so the unprivileged user can execute them).</summary>
public static class TestEnv
{
    public static string Zerobox { get; } = Environment.GetEnvironmentVariable("ZEROBOX_TEST_BIN") ?? FromRepo("bin/zerobox");

    public static string ProbeDir { get; } = Environment.GetEnvironmentVariable("ZEROBOX_TEST_PROBES") ?? FromRepo("tests/probes/build");

    public static string Probe => Path.Combine(ProbeDir, "probe");

    private static string FromRepo(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Zerobox.slnx")))
                return Path.Combine(dir.FullName, relative);
        throw new InvalidOperationException($"cannot find {relative}; run the tests through ./test");
    }
}
