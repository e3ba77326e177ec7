namespace Zerobox.Tests.Support;

/// <summary>Who runs zerobox in an end-to-end test: the test process itself (root in CI) or an unprivileged user
/// that ./test creates. Real users are not root, and root hides permission bugs, so every sandbox test runs as both.</summary>
public sealed record TestUser(string Name, uint Uid, uint Gid, bool IsCurrent)
{
    public override string ToString() => Name;

    public static TestUser Current { get; } = LoadCurrent();

    public static TestUser Unprivileged =>
        Load(Environment.GetEnvironmentVariable("ZEROBOX_TEST_USER") ?? "zbtest", isCurrent: false);

    /// <summary>The users every sandbox test runs as. As root: root and the unprivileged test user (which must
    /// exist: ./test creates it; a missing user fails the tests rather than skipping them).</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string> { Current.Name };
        if (Current.Uid == 0) data.Add(Unprivileged.Name);
        return data;
    }

    public static TestUser ByName(string name) => name == Current.Name ? Current : Unprivileged;

    private static TestUser Load(string name, bool isCurrent)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var f = line.Split(':');
            if (f.Length > 3 && f[0] == name) return new TestUser(name, uint.Parse(f[2]), uint.Parse(f[3]), isCurrent);
        }
        throw new InvalidOperationException($"test user '{name}' does not exist; run ./test (it creates it) or useradd -m {name}");
    }

    private static TestUser LoadCurrent()
    {
        uint Field(string key) => uint.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(key)).Split('\t')[1]);
        var uid = Field("Uid:");
        var gid = Field("Gid:");
        var name = File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 3 && f[2] == uid.ToString())?[0]
            ?? uid.ToString();
        return new TestUser(name, uid, gid, IsCurrent: true);
    }
}
