using System.Runtime.InteropServices;

namespace Zerobox.Interop;

/// <summary>glibc entry points. The only place (with Libseccomp.cs) that declares native calls.</summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc.so.6";

    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_TRUNC = 0x200, O_NOFOLLOW = 0x20000,
        O_CLOEXEC = 0x80000, O_NONBLOCK = 0x800;
    public const int F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030;
    public const int EINTR = 4, EAGAIN = 11, ENOENT = 2, EACCES = 13, EPERM = 1, ENOEXEC = 8, ENOSYS = 38,
        EOPNOTSUPP = 95, ENOTDIR = 20, ELOOP = 40, ESRCH = 3, EISDIR = 21, ENAMETOOLONG = 36;
    public const int POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint write(int fd, byte* buf, nint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint read(int fd, byte* buf, nint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int dup2(int oldfd, int newfd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, int mode);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint realpath(string path, byte* resolved);

    [LibraryImport(Lib)]
    public static partial void free(nint ptr);

    /// <summary>glibc 2.33+ exports lstat as a real symbol; struct stat is 144 bytes on x86_64, st_mode at offset 24.</summary>
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int lstat(string path, byte* statBuf);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fstat(int fd, byte* statBuf);

    public const uint S_IFMT = 0xF000, S_IFDIR = 0x4000, S_IFREG = 0x8000, S_IFLNK = 0xA000;

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int access(string path, int mode);

    public const int R_OK = 4, X_OK = 1;

    [LibraryImport(Lib)]
    public static partial void _exit(int status);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint opendir(string path);

    /// <summary>struct dirent on x86_64 glibc: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.</summary>
    [LibraryImport(Lib)]
    public static partial byte* readdir(nint dir);

    [LibraryImport(Lib)]
    public static partial int closedir(nint dir);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fstatat(int dirfd, byte* path, byte* statBuf, int flags);

    [LibraryImport(Lib)]
    public static partial int dirfd(nint dir);

    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const byte DT_DIR = 4, DT_LNK = 10, DT_UNKNOWN = 0;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int flock(int fd, int operation);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rename(string from, string to);

    public const int LOCK_EX = 2;

    [LibraryImport(Lib)]
    public static partial uint getuid();

    [LibraryImport(Lib)]
    public static partial uint getgid();

    [LibraryImport(Lib)]
    public static partial int getpgrp();

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int tcgetpgrp(int fd);

    [LibraryImport(Lib)]
    public static partial int isatty(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int kill(int pid, int sig);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int waitpid(int pid, int* status, int options);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(Lib)]
    public static partial int posix_spawn_file_actions_init(void* fa);

    [LibraryImport(Lib)]
    public static partial int posix_spawn_file_actions_adddup2(void* fa, int fd, int newfd);

    [LibraryImport(Lib)]
    public static partial int posix_spawn_file_actions_destroy(void* fa);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigset);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport(Lib)]
    public static partial int sigemptyset(void* set);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int execve(byte* path, byte** argv, byte** envp);

    /// <summary>Raw syscall: used for calls glibc 2.36 has no wrapper for (Landlock's ABI probe, pidfd).</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial long syscall(long number, long a1, long a2, long a3, long a4, long a5);

    public const long SYS_pidfd_send_signal = 424, SYS_pidfd_open = 434, SYS_landlock_create_ruleset = 444;

    public static int Errno => Marshal.GetLastPInvokeError();

    public static string StrError(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
