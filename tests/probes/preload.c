/* LD_PRELOAD probe: appends the name of every program that loads it to $PRELOAD_LOG. The end-to-end tests use
 * it to prove that a granted LD_PRELOAD reaches only programs inside the sandbox, never bubblewrap on the host. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((constructor)) static void record(void) {
    const char *log = getenv("PRELOAD_LOG");
    if (!log) return;
    char exe[512];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 2);
    if (n < 0) { strcpy(exe, "?"); n = 1; }
    exe[n++] = '\n';
    int fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0666);
    if (fd >= 0) { (void)!write(fd, exe, n); close(fd); }
}
