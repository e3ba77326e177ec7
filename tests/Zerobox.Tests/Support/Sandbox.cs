using System.Diagnostics;
using System.Text;

namespace Zerobox.Tests.Support;

public sealed record RunResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs the built zerobox binary as a given user with a clean, controlled environment.</summary>
public static class Sandbox
{
    public const string DefaultPath = "/usr/local/bin:/usr/bin:/bin";

    public static RunResult Run(Workspace ws, IEnumerable<string> args, string? cwd = null, string? stdin = null,
        IDictionary<string, string>? env = null, int timeoutMs = 30_000)
    {
        using var p = Start(ws, args, cwd, env, redirectStdin: true);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeoutMs))
        {
            // Record where everything is stuck before killing it: a hang must be diagnosable from CI output.
            string tree;
            try { tree = Sh.Run("ps", "-eo", "pid,ppid,stat,wchan:24,args", "--forest"); } catch (Exception e) { tree = e.Message; }
            // And the native stacks of zerobox's threads, where gdb is available (it is on the CI machine).
            try { tree += "\n" + Sh.Run("timeout", "20", "gdb", "-batch", "-p", p.Id.ToString(), "-ex", "thread apply all bt 12"); }
            catch (Exception e) { tree += "\n(no gdb backtrace: " + e.Message.Split('\n')[0] + ")"; }
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"zerobox did not finish in {timeoutMs} ms: {string.Join(' ', args)}\n" +
                string.Join('\n', tree.Split('\n').Where(l => l.Contains("zerobox") || l.Contains("bwrap") || l.Contains(" sh ")
                    || l.StartsWith('#') || l.StartsWith("Thread"))));
        }
        p.WaitForExit();
        return new RunResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts zerobox (through setpriv for the unprivileged user) without waiting for it.</summary>
    public static Process Start(Workspace ws, IEnumerable<string> args, string? cwd = null,
        IDictionary<string, string>? env = null, bool redirectStdin = true, string? program = null)
    {
        ws.Chown();
        var user = ws.User;
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            WorkingDirectory = cwd ?? ws.Proj,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        var exe = program ?? TestEnv.Zerobox;
        if (user.IsCurrent) psi.FileName = exe;
        else
        {
            psi.FileName = "/usr/bin/setpriv";
            foreach (var a in new[] { $"--reuid={user.Uid}", $"--regid={user.Gid}", "--clear-groups", "--", exe })
                psi.ArgumentList.Add(a);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        psi.Environment["PATH"] = DefaultPath;
        psi.Environment["HOME"] = ws.Home;
        psi.Environment["USER"] = user.Name;
        psi.Environment["LANG"] = "C.UTF-8";
        psi.Environment["SHELL"] = "/bin/sh";
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    /// <summary>The probe's absolute path and the grant that makes it executable inside the sandbox.</summary>
    public static string[] Probe(params string[] probeArgs) =>
        [$"--allow-read={TestEnv.ProbeDir}", "--", TestEnv.Probe, .. probeArgs];
}
