using Zerobox.Interop;
using Zerobox.Runtime;

namespace Zerobox.Linux;

/// <summary>
/// zerobox-init: the same binary, run by bubblewrap inside the finished sandbox (already in its namespaces,
/// capabilities dropped, no_new_privs set, seccomp loaded). It restores the caller's stderr, applies Landlock,
/// closes every inherited descriptor, restores default signal dispositions and executes the command in place,
/// so nothing of zerobox stays in the sandbox for the command to signal or trace.
/// </summary>
public static unsafe class InitHelper
{
    public const string Marker = "__zerobox_init__";
    private const int SIGPIPE = 13;

    /// <summary>argv: [Marker, stderrFd, (grant:path)..., "--", command...]</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 4 || args[0] != Marker || !int.TryParse(args[1], out var stderrFd))
            return Fail("internal error: malformed helper arguments");
        if (stderrFd > 2)
        {
            Libc.dup2(stderrFd, 2);
        }
        var rules = new List<(char, string)>();
        var i = 2;
        for (; i < args.Length && args[i] != "--"; i++)
        {
            var a = args[i];
            if (a.Length < 3 || a[1] != ':') return Fail($"internal error: bad Landlock rule '{a}'");
            rules.Add((a[0], a[2..]));
        }
        if (i >= args.Length - 1) return Fail("internal error: no command for the helper");
        var command = args[(i + 1)..];

        var err = LandlockApplier.Apply(rules);
        if (err is not null) return Fail($"Landlock could not be applied ({err}); refusing to run without it");

        // No descriptor but stdio crosses into the command (the exe fd, bubblewrap's status pipe, anything leaked).
        if (Libc.syscall(Libc.SYS_close_range, 3, uint.MaxValue, 0, 0, 0) < 0)
            for (var fd = 3; fd < 1024; fd++) Libc.close(fd);

        // The .NET runtime ignores SIGPIPE; an ignored signal survives exec, so restore the default.
        Libc.signal(SIGPIPE, 0);
        ulong* empty = stackalloc ulong[16];
        Libc.sigemptyset(empty);
        Libc.pthread_sigmask(Libc.SIG_SETMASK, empty, null);

        return CommandExec.Exec(command, Environment.GetEnvironmentVariable("PATH"), m => WriteError(m));
    }

    private static int Fail(string message)
    {
        WriteError(message);
        return ExitCodes.ZeroboxFailure;
    }

    public static void WriteError(string message) => StdErr.WriteLine("zerobox: " + message);
}
