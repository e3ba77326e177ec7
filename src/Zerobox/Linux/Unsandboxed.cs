using Zerobox.Policy;
using Zerobox.Runtime;

namespace Zerobox.Linux;

/// <summary>-A / --allow-all: no sandbox; the filtered environment is still applied. zerobox replaces itself
/// with the command, so signals, the terminal and the exit status are the command's own.</summary>
public static class Unsandboxed
{
    public static int Exec(SandboxPolicy policy)
    {
        StdErr.WriteLine("zerobox: warning: --allow-all: running WITHOUT a sandbox (only the environment is filtered)");
        Directory.SetCurrentDirectory(policy.Cwd);
        var path = policy.Environment.FirstOrDefault(kv => kv.Key == "PATH").Value;
        return CommandExec.Exec(policy.Command, path, m => StdErr.WriteLine("zerobox: " + m), policy.Environment);
    }
}
