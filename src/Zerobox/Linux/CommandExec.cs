using System.Runtime.InteropServices;
using System.Text;
using Zerobox.Interop;

namespace Zerobox.Linux;

/// <summary>execvp with an explicit environment and the exit codes and messages zerobox documents (127 not
/// found, 126 not executable), for --allow-all. Inside the sandbox Native/init.c does the same in C.</summary>
public static unsafe class CommandExec
{
    /// <summary>Replaces the process with the command; only returns (with the exit code to use) on failure.</summary>
    public static int Exec(IReadOnlyList<string> argv, string? pathVar, Action<string> error,
        IReadOnlyList<KeyValuePair<string, string>> env)
    {
        var name = argv[0];
        var candidates = new List<string>();
        if (name.Contains('/')) candidates.Add(name);
        else
            foreach (var dir in (pathVar ?? "/usr/local/bin:/usr/bin:/bin").Split(':'))
                candidates.Add((dir.Length == 0 ? "." : dir) + "/" + name);

        var sawAccessDenied = false;
        var lastErrno = Libc.ENOENT;
        foreach (var path in candidates)
        {
            var errno = TryExec(path, argv, env);
            if (errno == Libc.ENOEXEC)
            {
                // Like execvp: a file without a #! line is a shell script.
                errno = TryExec("/bin/sh", ["/bin/sh", path, .. argv.Skip(1)], env);
            }
            lastErrno = errno;
            if (errno == Libc.EACCES || errno == Libc.EPERM || errno == Libc.EISDIR) { sawAccessDenied = true; continue; }
            if (errno is Libc.ENOENT or Libc.ENOTDIR or Libc.ELOOP or Libc.ENAMETOOLONG) continue;
            break;
        }
        if (sawAccessDenied)
        {
            error($"{name}: permission denied (not executable, or not readable in the sandbox); check the file's mode or grant its directory with --allow-read");
            return ExitCodes.NotExecutable;
        }
        if (lastErrno is Libc.ENOENT or Libc.ENOTDIR or Libc.ELOOP or Libc.ENAMETOOLONG)
        {
            error(name.Contains('/')
                ? $"{name}: no such file in the sandbox; grant its directory with --allow-read or fix the path"
                : $"{name}: command not found in the sandbox's PATH; install it or grant its directory with --allow-read");
            return ExitCodes.NotFound;
        }
        error($"{name}: cannot execute: {Libc.StrError(lastErrno)}");
        return ExitCodes.NotExecutable;
    }

    private static int TryExec(string path, IReadOnlyList<string> argv, IReadOnlyList<KeyValuePair<string, string>> env)
    {
        var allocs = new List<nint>();
        try
        {
            var pathPtr = Utf8(path, allocs);
            var arr = (byte**)NativeMemory.Alloc((nuint)(argv.Count + 1), (nuint)sizeof(nint));
            allocs.Add((nint)arr);
            for (var i = 0; i < argv.Count; i++) arr[i] = Utf8(argv[i], allocs);
            arr[argv.Count] = null;
            var envp = (byte**)NativeMemory.Alloc((nuint)(env.Count + 1), (nuint)sizeof(nint));
            allocs.Add((nint)envp);
            for (var i = 0; i < env.Count; i++) envp[i] = Utf8(env[i].Key + "=" + env[i].Value, allocs);
            envp[env.Count] = null;
            Libc.execve(pathPtr, arr, envp);
            return Libc.Errno;
        }
        finally
        {
            foreach (var p in allocs) NativeMemory.Free((void*)p);
        }
    }

    internal static byte* Utf8(string s, List<nint> allocs)
    {
        var n = Encoding.UTF8.GetByteCount(s);
        var p = (byte*)NativeMemory.Alloc((nuint)n + 1);
        allocs.Add((nint)p);
        Encoding.UTF8.GetBytes(s, new Span<byte>(p, n));
        p[n] = 0;
        return p;
    }
}
