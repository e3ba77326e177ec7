using Zerobox.Interop;

namespace Zerobox.Runtime;

/// <summary>The caller's side of a run: identity, environment, working directory. Injected so that policy
/// resolution can be tested without depending on who runs the tests.</summary>
public sealed record HostContext(
    IReadOnlyDictionary<string, string> Environment,
    string Cwd,
    string Home,
    uint Uid,
    uint Gid)
{
    public static HostContext Current()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        string cwd;
        try { cwd = Directory.GetCurrentDirectory(); }
        catch (Exception) { throw new ZeroboxException("the current directory no longer exists; cd to an existing directory or pass -C DIR"); }
        var home = env.TryGetValue("HOME", out var h) && h.StartsWith('/')
            ? h
            : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home)) home = "/";
        return new HostContext(env, cwd, home.Length > 1 ? home.TrimEnd('/') : home, Libc.getuid(), Libc.getgid());
    }
}
