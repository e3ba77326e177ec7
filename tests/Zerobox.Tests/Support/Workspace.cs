using System.Diagnostics;

namespace Zerobox.Tests.Support;

/// <summary>A fresh directory tree for one test, owned by the user the test runs as: <c>home/</c> is that run's
/// HOME and <c>proj/</c> its project directory. Deleted afterwards.</summary>
public sealed class Workspace : IDisposable
{
    public TestUser User { get; }
    public string Root { get; }
    public string Home => Path.Combine(Root, "home");
    public string Proj => Path.Combine(Root, "proj");

    public Workspace(TestUser user)
    {
        User = user;
        Root = Path.Combine("/tmp", "zbt-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Proj);
        File.SetUnixFileMode(Root, (UnixFileMode)0x1ED); // 0755
    }

    public string Path_(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string content)
    {
        var p = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, content);
        return p;
    }

    /// <summary>Gives everything to the test user (files created by the root test process would otherwise be root's).</summary>
    public void Chown()
    {
        if (User.IsCurrent) return;
        Sh.Run("chown", "-R", $"{User.Uid}:{User.Gid}", Root);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (Exception) { Sh.Run("rm", "-rf", Root); }
    }
}

public static class Sh
{
    public static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {output}");
        return output;
    }
}
