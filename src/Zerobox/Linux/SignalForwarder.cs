using System.Runtime.InteropServices;
using Zerobox.Interop;

namespace Zerobox.Linux;

/// <summary>
/// Passes signals sent to zerobox on to the sandboxed command. bubblewrap does not forward signals, so the
/// command is found as the child of the sandbox's init (bubblewrap reports the init's host pid) and signalled
/// through a pidfd, which cannot hit a recycled pid. Terminal-generated SIGINT/SIGQUIT already reach the whole
/// foreground process group, command included, so those are not sent a second time.
/// </summary>
public sealed class SignalForwarder : IDisposable
{
    private const int SIGINT = 2, SIGQUIT = 3, SIGHUP = 1, SIGTERM = 15, SIGUSR1 = 10, SIGUSR2 = 12, SIGCONT = 18;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly BwrapStatus _status;
    private int _bwrapPid;

    public SignalForwarder(BwrapStatus status)
    {
        _status = status;
        foreach (var (sig, raw) in new[] { (PosixSignal.SIGTERM, SIGTERM), (PosixSignal.SIGINT, SIGINT), (PosixSignal.SIGHUP, SIGHUP),
                     (PosixSignal.SIGQUIT, SIGQUIT), ((PosixSignal)SIGUSR1, SIGUSR1), ((PosixSignal)SIGUSR2, SIGUSR2) })
        {
            var number = raw;
            _registrations.Add(PosixSignalRegistration.Create(sig, ctx => { ctx.Cancel = true; Forward(number); }));
        }
    }

    public void Attach(int bwrapPid) => Volatile.Write(ref _bwrapPid, bwrapPid);

    private void Forward(int sig)
    {
        if ((sig == SIGINT || sig == SIGQUIT) && IsForegroundOnTerminal()) return;
        var bwrap = Volatile.Read(ref _bwrapPid);
        if (bwrap <= 0) return;
        _status.Drain();
        var command = _status.SandboxInitPid is { } init ? FindChild(init) : null;
        if (command is { } pid && SendViaPidfd(pid, init: _status.SandboxInitPid!.Value, sig)) return;
        // Not started yet (or already gone): stopping bubblewrap tears the whole sandbox down.
        Libc.kill(bwrap, sig);
    }

    private static bool IsForegroundOnTerminal()
    {
        for (var fd = 0; fd <= 2; fd++)
            if (Libc.isatty(fd) == 1)
                return Libc.tcgetpgrp(fd) == Libc.getpgrp();
        return false;
    }

    private static int? FindChild(int initPid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{initPid}/task/{initPid}/children").Trim();
            if (text.Length == 0) return null;
            return int.Parse(text.Split(' ')[0]);
        }
        catch (Exception) { return null; }
    }

    private static bool SendViaPidfd(int pid, int init, int sig)
    {
        var pidfd = (int)Libc.syscall(Libc.SYS_pidfd_open, pid, 0, 0, 0, 0);
        if (pidfd < 0) return false;
        try
        {
            // The pidfd now pins the process; confirm it is still the init's child and not a recycled pid.
            if (FindChild(init) != pid) return false;
            var sent = Libc.syscall(Libc.SYS_pidfd_send_signal, pidfd, sig, 0, 0, 0) == 0;
            // A stopped command would keep a terminating signal pending forever, and zerobox waiting with it:
            // continue it, as a shell's kill does for a stopped job.
            if (sent && sig is SIGTERM or SIGHUP or SIGINT or SIGQUIT)
                Libc.syscall(Libc.SYS_pidfd_send_signal, pidfd, SIGCONT, 0, 0, 0);
            return sent;
        }
        finally { Libc.close(pidfd); }
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
