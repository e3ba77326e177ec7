using Zerobox.Interop;

namespace Zerobox.Linux;

/// <summary>posix_spawn (vfork-fast) with an explicit descriptor layout for the child.</summary>
public static unsafe class Spawner
{
    private const int SIGPIPE = 13;

    /// <summary>Starts <paramref name="path"/>. <paramref name="dups"/> are (source, target) pairs applied in order;
    /// every source must be close-on-exec and numbered above every target so that no step clobbers another.</summary>
    public static int Spawn(string path, IReadOnlyList<string> argv, IReadOnlyList<KeyValuePair<string, string>> env,
        IReadOnlyList<(int Source, int Target)> dups)
    {
        var allocs = new List<nint>();
        var fa = stackalloc byte[512];
        var attr = stackalloc byte[512];
        var sigs = stackalloc byte[128];
        Libc.posix_spawn_file_actions_init(fa);
        Libc.posix_spawnattr_init(attr);
        try
        {
            foreach (var (src, dst) in dups) Libc.posix_spawn_file_actions_adddup2(fa, src, dst);
            // .NET ignores SIGPIPE and that disposition would survive exec; everything else the caller set
            // (nohup's ignored SIGHUP, for one) is passed on as it is.
            Libc.sigemptyset(sigs);
            SigAdd(sigs, SIGPIPE);
            Libc.posix_spawnattr_setsigdefault(attr, sigs);
            var empty = stackalloc byte[128];
            Libc.sigemptyset(empty);
            Libc.posix_spawnattr_setsigmask(attr, empty);
            Libc.posix_spawnattr_setflags(attr, Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK);

            var argvArr = Array(argv, allocs);
            var envArr = Array(env.Select(kv => kv.Key + "=" + kv.Value).ToList(), allocs);
            int pid;
            var rc = Libc.posix_spawn(&pid, CommandExec.Utf8(path, allocs), fa, attr, argvArr, envArr);
            if (rc != 0) throw new ZeroboxException($"cannot start {path}: {Libc.StrError(rc)}");
            return pid;
        }
        finally
        {
            Libc.posix_spawn_file_actions_destroy(fa);
            Libc.posix_spawnattr_destroy(attr);
            foreach (var p in allocs) System.Runtime.InteropServices.NativeMemory.Free((void*)p);
        }
    }

    private static void SigAdd(byte* set, int sig)
    {
        var bit = sig - 1;
        ((ulong*)set)[bit / 64] |= 1UL << (bit % 64);
    }

    private static byte** Array(IReadOnlyList<string> items, List<nint> allocs)
    {
        var arr = (byte**)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)(items.Count + 1), (nuint)sizeof(nint));
        allocs.Add((nint)arr);
        for (var i = 0; i < items.Count; i++) arr[i] = CommandExec.Utf8(items[i], allocs);
        arr[items.Count] = null;
        return arr;
    }

    /// <summary>Duplicates a descriptor to a number at or above <paramref name="min"/>, close-on-exec.</summary>
    public static int DupHigh(int fd, int min = 20)
    {
        var r = Libc.fcntl(fd, Libc.F_DUPFD_CLOEXEC, min);
        if (r < 0) throw new ZeroboxException($"cannot duplicate descriptor {fd}: {Libc.StrError(Libc.Errno)}");
        return r;
    }

    public static (int Read, int Write) Pipe()
    {
        var fds = stackalloc int[2];
        if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0)
            throw new ZeroboxException($"cannot create a pipe: {Libc.StrError(Libc.Errno)}");
        return (fds[0], fds[1]);
    }
}
