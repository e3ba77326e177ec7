using System.Text;
using Zerobox.Interop;
using Zerobox.Policy;
using Zerobox.Runtime;

namespace Zerobox.Linux;

/// <summary>The supervisor: builds the sandbox with bubblewrap, forwards signals, passes the exit status through.</summary>
public static unsafe class SandboxRunner
{
    public static int Run(SandboxPolicy policy)
    {
        RefuseDirectoriesOnStdio();
        var bwrap = BwrapLocator.Find();
        CommandLocator.Check(policy);
        StartupTrace.Mark("locate command");
        Placeholders.CleanUpAfterDeadRuns(policy.StateDir);
        // Where the sandbox could write next to zerobox's state directory, the directory must exist before the
        // plan is made, so that it is hidden by a stand-in rather than left for the sandbox to create.
        if (policy.AccessOf(PathUtil.Parent(policy.StateDir)) == Access.ReadWrite && !HostPaths.Exists(policy.StateDir))
            Directory.CreateDirectory(policy.StateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var plan = MountPlanner.Plan(policy);
        var gitWatch = GitWatch.Start(policy);
        var argv = BwrapCommand.Build(bwrap, policy, plan);
        StartupTrace.Mark("mount plan");

        var toClose = new List<int>();
        try
        {
            // Compiled here, on the main thread. Compiling it on a second thread during policy resolution saved
            // about 0.2 ms but, rarely, left both threads spinning in sched_yield inside the runtime's lazy
            // initialisation (seen in about 1 in 15 test-suite runs; gdb showed both stacks): not worth it.
            var seccomp = Spawner.DupHigh(SeccompCompiler.CompileToPipe(SeccompRules.For(policy.AllowUnixSockets)));
            toClose.Add(seccomp);
            StartupTrace.Mark("seccomp compile");
            var (statusRead, statusWrite) = Spawner.Pipe();
            toClose.Add(statusRead); toClose.Add(statusWrite);
            Libc.fcntl(statusRead, Libc.F_SETFL, Libc.O_NONBLOCK);
            var (captureRead, captureWrite) = Spawner.Pipe();
            toClose.Add(captureRead); toClose.Add(captureWrite);
            Libc.fcntl(captureRead, Libc.F_SETFL, Libc.O_NONBLOCK);
            var exe = Libc.open("/proc/self/exe", Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
            if (exe < 0) throw new ZeroboxException($"cannot open zerobox's own binary: {Libc.StrError(Libc.Errno)}");
            toClose.Add(exe);
            var stderrCopy = Spawner.DupHigh(2);
            toClose.Add(stderrCopy);
            // The plan travels through a pipe (bwrap --args), not argv: the sandbox can read its init's
            // /proc/1/cmdline, and the plan names host paths it was not granted (--deny-read=~/private-project).
            var (argsRead, argsWrite) = Spawner.Pipe();
            toClose.Add(argsRead); toClose.Add(argsWrite);
            var dups = new[]
            {
                (Spawner.DupHigh(seccomp), BwrapCommand.SeccompFd),
                (Spawner.DupHigh(statusWrite), BwrapCommand.StatusFd),
                (Spawner.DupHigh(exe), BwrapCommand.ExeFd),
                (stderrCopy, BwrapCommand.StderrFd),
                (Spawner.DupHigh(captureWrite), 2),
                (Spawner.DupHigh(argsRead), BwrapCommand.ArgsFd),
            };
            toClose.AddRange(dups.Select(d => d.Item1));

            using var placeholders = Placeholders.Create(plan.Placeholders, policy.StateDir);
            var status = new BwrapStatus(statusRead);
            using var forwarder = new SignalForwarder(status);
            StartupTrace.Mark("signal handlers");
            // bwrap takes options from --args but the command only from argv: split at the first "--".
            var split = argv.IndexOf("--");
            var pid = Spawner.Spawn(bwrap, [bwrap, "--args", BwrapCommand.ArgsFd.ToString(), .. argv.Skip(split)], BwrapEnvironment, dups);
            WriteArgs(argsWrite, argv.Skip(1).Take(split - 1));
            Libc.close(argsWrite);
            toClose.Remove(argsWrite);
            StartupTrace.Mark("spawn bwrap");
            forwarder.Attach(pid);
            // Only the child keeps the write ends: their closing is how we see EOF.
            foreach (var fd in toClose.Where(fd => fd != statusRead && fd != captureRead)) Libc.close(fd);
            toClose.RemoveAll(fd => fd != statusRead && fd != captureRead);

            var wait = WaitFor(pid);
            gitWatch?.Report();
            StartupTrace.Mark("sandbox ran");
            status.Drain();
            if (status.CommandExitCode is { } code) return code;
            if (WIFSIGNALED(wait)) return ExitCodes.SignalBase + WTERMSIG(wait);
            throw new ZeroboxException(ExplainBwrapFailure(ReadAll(captureRead)));
        }
        finally
        {
            foreach (var fd in toClose) Libc.close(fd);
        }
    }

    /// <summary>NUL-separated, as bwrap --args reads them. A write error (bubblewrap died early) is left for the
    /// exit-status path to report.</summary>
    private static void WriteArgs(int fd, IEnumerable<string> args) =>
        StdErr.WriteAll(fd, Encoding.UTF8.GetBytes(string.Concat(args.Select(a => a + "\0"))));

    /// <summary>A directory handed over as stdin (<c>zerobox ... &lt; .</c>) would let the command
    /// <c>cd /proc/self/fd/0</c> into a tree it was not granted.</summary>
    private static void RefuseDirectoriesOnStdio()
    {
        var st = stackalloc byte[256];
        for (var fd = 0; fd <= 2; fd++)
            if (Libc.fstat(fd, st) == 0 && (*(uint*)(st + 24) & Libc.S_IFMT) == Libc.S_IFDIR)
                throw new ZeroboxException($"descriptor {fd} ({(fd == 0 ? "stdin" : fd == 1 ? "stdout" : "stderr")}) is a directory, " +
                    "which would give the sandbox a way into it; redirect it from a file or a pipe instead");
    }

    /// <summary>bubblewrap's own environment on the host: nothing from the caller or the policy.</summary>
    private static readonly KeyValuePair<string, string>[] BwrapEnvironment = [new("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")];

    private static int WaitFor(int pid)
    {
        int status;
        while (Libc.waitpid(pid, &status, 0) < 0)
        {
            if (Libc.Errno != Libc.EINTR) throw new ZeroboxException($"lost track of bubblewrap: {Libc.StrError(Libc.Errno)}");
        }
        return status;
    }

    private static bool WIFSIGNALED(int s) => ((s & 0x7f) + 1) >> 1 > 0;
    private static int WTERMSIG(int s) => s & 0x7f;

    private static string ReadAll(int fd)
    {
        var sb = new StringBuilder();
        var buf = stackalloc byte[4096];
        nint n;
        while ((n = Libc.read(fd, buf, 4096)) > 0) sb.Append(Encoding.UTF8.GetString(buf, (int)n));
        return sb.ToString();
    }

    /// <summary>bubblewrap's own words, turned into one line with a fix.</summary>
    internal static string ExplainBwrapFailure(string stderr)
    {
        var line = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        if (line.StartsWith("bwrap: ", StringComparison.Ordinal)) line = line[7..];
        if (line.Contains("namespace", StringComparison.OrdinalIgnoreCase) || line.Contains("uid map", StringComparison.OrdinalIgnoreCase)
            || line.Contains("setting up", StringComparison.OrdinalIgnoreCase))
            return $"cannot create the sandbox's namespaces ({line}); enable unprivileged user namespaces " +
                   "(sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0, or an AppArmor profile for bwrap)";
        if (line.Length == 0) line = "it exited without a message";
        return $"bubblewrap could not build the sandbox ({line}); check the paths in your grants (see --explain)";
    }
}
