using Zerobox.Policy;

namespace Zerobox.Linux;

/// <summary>The descriptor numbers bubblewrap and the helper see, and the argument list that uses them.</summary>
public static class BwrapCommand
{
    public const int SeccompFd = 3, StatusFd = 4, ExeFd = 5, StderrFd = 6, ArgsFd = 7;

    /// <summary>argv[1] that switches the binary into its in-sandbox init mode (Native/init.c).</summary>
    public const string InitMarker = "__zerobox_init__";

    public static readonly string[] Namespaces = ["user", "pid", "ipc", "uts", "cgroup", "net", "mount"];

    private static bool StdioHasTerminal() =>
        Interop.Libc.isatty(0) == 1 || Interop.Libc.isatty(1) == 1 || Interop.Libc.isatty(2) == 1;

    public static List<string> Build(string bwrap, SandboxPolicy policy, MountPlan plan)
    {
        var args = new List<string>
        {
            bwrap,
            "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--unshare-net",
            "--disable-userns", "--die-with-parent",
            "--uid", policy.Uid.ToString(), "--gid", policy.Gid.ToString(),
            // Run by root, the sandbox is uid 0 only inside its own user namespace and holds no capability there.
            "--cap-drop", "ALL",
            "--hostname", "zerobox",
            "--seccomp", SeccompFd.ToString(),
            "--json-status-fd", StatusFd.ToString(),
        };
        // The sandbox's environment is set here, inside the sandbox, not given to bubblewrap as its own
        // environment: a granted LD_PRELOAD must not load into bwrap on the host. (These arguments travel
        // through a pipe, not argv, so values never appear in a process list.)
        args.Add("--clearenv");
        foreach (var (k, v) in policy.Environment) args.AddRange(["--setenv", k, v]);
        // Without a terminal on stdio the command gets none at all: no /dev/tty to write prompts to or to
        // change settings of. With one it stays in the caller's session, so job control works (TIOCSTI is
        // filtered by seccomp).
        if (!StdioHasTerminal()) args.Add("--new-session");
        args.AddRange(plan.BwrapArgs);
        args.AddRange(["--chdir", plan.Cwd, "--", $"/proc/self/fd/{ExeFd}", InitMarker, StderrFd.ToString()]);
        foreach (var rule in plan.Landlock)
            args.Add(LandlockInfo.Letter(rule.Grant) + ":" + rule.Path);
        args.Add("--");
        args.AddRange(policy.Command);
        return args;
    }
}
