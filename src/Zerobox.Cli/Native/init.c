/*
 * zerobox-init: the in-sandbox helper mode of the zerobox binary.
 *
 * bubblewrap executes the zerobox binary (through /proc/self/fd, so no mount is needed) as
 *   zerobox __zerobox_init__ STDERR_FD GRANT:PATH... -- COMMAND ARGS...
 * inside the finished sandbox: namespaces built, mounts in place, capabilities dropped, no_new_privs set and
 * the seccomp filter loaded. This mode restores the caller's stderr, applies Landlock (the second wall: file
 * access limited to the granted trees, signals and abstract unix sockets scoped to the sandbox), closes every
 * inherited descriptor, restores default signal handling and executes COMMAND in place.
 *
 * Why C and not C#: this runs on every sandboxed start. Entering managed code initialises the .NET runtime
 * (GC heap, cgroup probing, threads), which costs about 1.5 ms here, against about 0.1 ms for this path;
 * with CustomNativeMain the runtime is only initialised when __managed__Main is called. The grant letters
 * and rights mirror src/Zerobox/Linux/MountPlan.cs (LandlockGrant) and LandlockInfo.cs; the exit codes and messages mirror CommandExec.cs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

extern int __managed__Main(int argc, char **argv);

#define INIT_MARKER "__zerobox_init__"

#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#define SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define SCOPE_SIGNAL (1ULL << 1)

#define FS_ABI1 ((1ULL << 13) - 1)
#define FS_FILE_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE | \
                        LANDLOCK_ACCESS_FS_TRUNCATE | LANDLOCK_ACCESS_FS_IOCTL_DEV)

struct ruleset_attr { uint64_t handled_access_fs, handled_access_net, scoped; };
struct path_beneath { uint64_t allowed_access; int32_t parent_fd; } __attribute__((packed));

static void fail(const char *fmt, const char *a, const char *b) {
    dprintf(2, "zerobox: ");
    dprintf(2, fmt, a, b);
    dprintf(2, "\n");
}

static uint64_t rights_for(char grant, uint64_t handled) {
    switch (grant) {
    case 'r': return (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR) & handled;
    case 'w': return handled;
    case 'd': return (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_DIR |
                      LANDLOCK_ACCESS_FS_IOCTL_DEV | LANDLOCK_ACCESS_FS_TRUNCATE) & handled;
    /* procfs: write is needed for /dev/stdout (/proc/self/fd/1) and the like; the parts that reach the host
     * kernel are read-only bind mounts (see MountPlanner.ProcHostFacing). */
    case 'p': return (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_DIR) & handled;
    default: return 0;
    }
}

/* Returns 0 on success or when the kernel has no Landlock (--explain says so); -1 after printing an error. */
static int apply_landlock(char **rules, int count) {
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 0) return (errno == ENOSYS || errno == EOPNOTSUPP) ? 0 : (fail("Landlock is unusable (%s%s); refusing to run without it", strerror(errno), ""), -1);
    uint64_t handled = FS_ABI1;
    if (abi >= 2) handled |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3) handled |= LANDLOCK_ACCESS_FS_TRUNCATE;
    if (abi >= 5) handled |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    struct ruleset_attr attr = { .handled_access_fs = handled, .scoped = abi >= 6 ? SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL : 0 };
    size_t size = abi >= 6 ? 24 : abi >= 4 ? 16 : 8;
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
    if (ruleset < 0) { fail("landlock_create_ruleset failed: %s%s; refusing to run without Landlock", strerror(errno), ""); return -1; }
    for (int i = 0; i < count; i++) {
        const char *rule = rules[i];
        if (strlen(rule) < 3 || rule[1] != ':') { fail("internal error: bad Landlock rule '%s'%s", rule, ""); return -1; }
        const char *path = rule + 2;
        int fd = open(path, O_PATH | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT) continue;
            fail("cannot open %s for Landlock: %s", path, strerror(errno));
            return -1;
        }
        struct stat st;
        uint64_t allowed = rights_for(rule[0], handled);
        if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode)) allowed &= FS_FILE_RIGHTS;
        struct path_beneath pb = { .allowed_access = allowed, .parent_fd = fd };
        long rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
        int saved = errno;
        close(fd);
        if (rc < 0) { fail("landlock_add_rule(%s) failed: %s; refusing to run without Landlock", path, strerror(saved)); return -1; }
    }
    /* The caller's own terminal or redirect files, reopened by name (/dev/stdout is /proc/self/fd/1, a host
     * pts device or file outside the granted trees): allow exactly what the inherited descriptor already can. */
    for (int fd = 0; fd <= 2; fd++) {
        struct stat st;
        int flags = fcntl(fd, F_GETFL);
        if (flags < 0 || fstat(fd, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISREG(st.st_mode))) continue;
        int mode = flags & O_ACCMODE;
        uint64_t allowed = 0;
        if (mode == O_RDONLY || mode == O_RDWR) allowed |= LANDLOCK_ACCESS_FS_READ_FILE;
        if (mode == O_WRONLY || mode == O_RDWR) allowed |= LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE;
        if (S_ISCHR(st.st_mode)) allowed |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
        struct path_beneath pb = { .allowed_access = allowed & handled, .parent_fd = fd };
        if (pb.allowed_access && syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) < 0) {
            fail("landlock_add_rule(fd %s) failed: %s; refusing to run without Landlock", fd == 0 ? "0" : fd == 1 ? "1" : "2", strerror(errno));
            return -1;
        }
    }
    if (syscall(SYS_landlock_restrict_self, ruleset, 0) < 0) {
        fail("landlock_restrict_self failed: %s%s; refusing to run without Landlock", strerror(errno), "");
        return -1;
    }
    close(ruleset);
    return 0;
}

/* The init mode must never be a way to run a command without the sandbox (zerobox __zerobox_init__ ... typed
 * by hand): only bubblewrap's first child, with no_new_privs and a seccomp filter in place, may use it. */
static int inside_sandbox(void) {
    return getpid() == 2 && prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 && prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2;
}

static int init_main(int argc, char **argv) {
    if (!inside_sandbox()) { fail("%s is internal to zerobox and only runs inside its sandbox%s", INIT_MARKER, ""); return 125; }
    if (argc < 5) { fail("internal error: malformed helper arguments%s%s", "", ""); return 125; }
    int err_fd = atoi(argv[2]);
    if (err_fd > 2) dup2(err_fd, 2);
    int first = 3, sep = first;
    while (sep < argc && strcmp(argv[sep], "--") != 0) sep++;
    if (sep >= argc - 1) { fail("internal error: no command for the helper%s%s", "", ""); return 125; }
    if (apply_landlock(argv + first, sep - first) < 0) return 125;

    /* Nothing but stdio crosses into the command: not the exe fd, not bubblewrap's pipes, not leaked fds. */
    if (syscall(SYS_close_range, 3, ~0U, 0) < 0)
        for (int fd = 3; fd < 4096; fd++) close(fd);

    /* An ignored signal survives exec; the command gets default dispositions and an empty mask. */
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    char **cmd = argv + sep + 1;
    execvp(cmd[0], cmd);
    int e = errno;
    if (e == ENOENT || e == ENOTDIR || e == ELOOP || e == ENAMETOOLONG) {
        if (strchr(cmd[0], '/'))
            fail("%s: no such file in the sandbox; grant its directory with --allow-read or fix the path%s", cmd[0], "");
        else
            fail("%s: command not found in the sandbox's PATH; install it or grant its directory with --allow-read%s", cmd[0], "");
        return 127;
    }
    if (e == EACCES || e == EPERM || e == EISDIR)
        fail("%s: permission denied (not executable, or not readable in the sandbox); check the file's mode or grant its directory with --allow-read%s", cmd[0], "");
    else
        fail("%s: cannot execute: %s", cmd[0], strerror(e));
    return 126;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], INIT_MARKER) == 0) return init_main(argc, argv);
    return __managed__Main(argc, argv);
}
