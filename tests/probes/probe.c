/* Attack probes for the end-to-end tests: each subcommand tries to get through one wall of the sandbox and
 * prints what the kernel answered, as "NAME: ok" or "NAME: errno=ENAME". Built by ./test with gcc. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

static const char *ename(int e) {
    switch (e) {
    case EPERM: return "EPERM"; case EACCES: return "EACCES"; case ENOENT: return "ENOENT";
    case ENOSYS: return "ENOSYS"; case EINVAL: return "EINVAL"; case ESRCH: return "ESRCH";
    case ECONNREFUSED: return "ECONNREFUSED"; case ENETUNREACH: return "ENETUNREACH";
    case EAFNOSUPPORT: return "EAFNOSUPPORT"; case EROFS: return "EROFS"; case EBADF: return "EBADF";
    case ENOTTY: return "ENOTTY"; case EIO: return "EIO"; case EFAULT: return "EFAULT";
    case EHOSTUNREACH: return "EHOSTUNREACH"; case ETIMEDOUT: return "ETIMEDOUT";
    default: { static char b[32]; snprintf(b, sizeof b, "%d", e); return b; }
    }
}

static int report(const char *name, long rc) {
    if (rc < 0) printf("%s: errno=%s\n", name, ename(errno));
    else printf("%s: ok\n", name);
    fflush(stdout);
    return 0;
}

static int pending_input(void) {
    struct pollfd p = { .fd = 0, .events = POLLIN };
    return poll(&p, 1, 300) > 0 && (p.revents & POLLIN);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: probe TEST [ARGS]\n"); return 2; }
    const char *t = argv[1];
    if (!strcmp(t, "tiocsti")) {
        /* arg "high": the same request with the upper 32 bits set (CVE-2019-10063 style bypass) */
        unsigned long req = TIOCSTI;
        if (argc > 2 && !strcmp(argv[2], "high")) req |= 0xdead000000000000UL;
        /* A marker line: in canonical mode only a complete line becomes readable. */
        const char *marker = "ZBX_INJECTED\n";
        long rc = 0;
        for (const char *c = marker; *c && rc == 0; c++) rc = syscall(SYS_ioctl, 0, req, c);
        report("tiocsti", rc);
        printf("injected-byte-arrived: %s\n", pending_input() ? "yes" : "no");
        return 0;
    }
    if (!strcmp(t, "tioclinux")) { char sub = 6; return report("tioclinux", syscall(SYS_ioctl, 0, (unsigned long)TIOCLINUX, &sub)); }
    if (!strcmp(t, "unix-connect")) {
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        report("unix-socket", s);
        if (s < 0) return 0;
        struct sockaddr_un a = { .sun_family = AF_UNIX };
        strncpy(a.sun_path, argv[2], sizeof a.sun_path - 1);
        return report("unix-connect", connect(s, (struct sockaddr *)&a, sizeof a));
    }
    if (!strcmp(t, "unix-dgram-pair")) {
        int sv[2];
        long rc = socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv);
        report("socketpair-dgram", rc);
        if (rc < 0) return 0;
        struct sockaddr_un a = { .sun_family = AF_UNIX };
        strncpy(a.sun_path, argv[2], sizeof a.sun_path - 1);
        return report("sendto", sendto(sv[0], "LEAK", 4, 0, (struct sockaddr *)&a, sizeof a));
    }
    if (!strcmp(t, "unix-raw-pair")) {
        /* For AF_UNIX the kernel turns SOCK_RAW into SOCK_DGRAM: the same escape as unix-dgram-pair. */
        int sv[2];
        long rc = socketpair(AF_UNIX, SOCK_RAW, 0, sv);
        report("socketpair-raw", rc);
        if (rc < 0) return 0;
        struct sockaddr_un a = { .sun_family = AF_UNIX };
        strncpy(a.sun_path, argv[2], sizeof a.sun_path - 1);
        return report("sendto", sendto(sv[0], "LEAK", 4, 0, (struct sockaddr *)&a, sizeof a));
    }
    if (!strcmp(t, "unix-stream-pair")) { int sv[2]; return report("socketpair-stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv)); }
    if (!strcmp(t, "io_uring")) {
        struct io_uring_params p; memset(&p, 0, sizeof p);
        return report("io_uring_setup", syscall(__NR_io_uring_setup, 4, &p));
    }
    if (!strcmp(t, "x32")) return report("x32-getpid", syscall(0x40000000 | SYS_getpid));
    if (!strcmp(t, "i386")) {
        long ret;
        __asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory"); /* i386 getpid */
        if (ret < 0) { errno = (int)-ret; return report("i386-getpid", -1); }
        return report("i386-getpid", ret);
    }
    if (!strcmp(t, "tcp")) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (s < 0) return report("tcp-socket", s);
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[3])) };
        inet_pton(AF_INET, argv[2], &a.sin_addr);
        return report("tcp-connect", connect(s, (struct sockaddr *)&a, sizeof a));
    }
    if (!strcmp(t, "userns")) {
        report("unshare-user", unshare(CLONE_NEWUSER));
        long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
        if (pid == 0) _exit(0);
        if (pid > 0) waitpid(pid, 0, 0);
        return report("clone-newuser", pid);
    }
    if (!strcmp(t, "mount")) {
        report("mount", mount("none", "/tmp", "tmpfs", 0, 0));
        return report("umount", umount2("/proc", MNT_DETACH));
    }
    if (!strcmp(t, "ptrace")) {
        pid_t child = fork();
        if (child == 0) { pause(); _exit(0); }
        report("ptrace-attach-child", ptrace(PTRACE_ATTACH, child, 0, 0));
        kill(child, SIGKILL); waitpid(child, 0, 0);
        if (argc > 2) report("ptrace-attach-host", ptrace(PTRACE_ATTACH, atoi(argv[2]), 0, 0));
        if (argc > 2) report("kill-host", kill(atoi(argv[2]), 0));
        return report("ptrace-traceme", ptrace(PTRACE_TRACEME, 0, 0, 0));
    }
    if (!strcmp(t, "vsock")) return report("vsock", socket(40 /* AF_VSOCK */, SOCK_STREAM, 0));
    if (!strcmp(t, "packet")) return report("packet", socket(17 /* AF_PACKET */, SOCK_RAW, 0));
    if (!strcmp(t, "keyctl")) return report("keyctl", syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 0));
    if (!strcmp(t, "bpf")) return report("bpf", syscall(SYS_bpf, 0, 0, 0));
    if (!strcmp(t, "perf")) return report("perf_event_open", syscall(SYS_perf_event_open, 0, 0, -1, -1, 0));
    if (!strcmp(t, "userfaultfd")) return report("userfaultfd", syscall(SYS_userfaultfd, 0));
    if (!strcmp(t, "setns")) return report("setns", syscall(SYS_setns, 0, 0));
    if (!strcmp(t, "fds")) {
        for (int fd = 0; fd < 256; fd++) if (fcntl(fd, F_GETFD) >= 0) printf("fd %d open\n", fd);
        return 0;
    }
    fprintf(stderr, "probe: unknown test %s\n", t);
    return 2;
}
