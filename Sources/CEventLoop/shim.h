#ifndef CLUSTERBENCH_CEVENTLOOP_SHIM_H
#define CLUSTERBENCH_CEVENTLOOP_SHIM_H
/* The fast engine's system calls: epoll, non-blocking TCP sockets, an eventfd, the CPU affinity. Header only (static inline), no
   library to link. struct epoll_event is packed on x86_64, which Swift does not import faithfully: events cross
   into Swift as cb_event instead. Every wrapper returns -errno on failure, so Swift never reads errno. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

typedef struct { uint32_t events; uint64_t data; } cb_event;

static const uint32_t CB_EV_IN = EPOLLIN, CB_EV_OUT = EPOLLOUT, CB_EV_ERR = EPOLLERR, CB_EV_HUP = EPOLLHUP,
    CB_EV_RDHUP = EPOLLRDHUP, CB_EV_ET = EPOLLET;

static inline int cb_epoll_create(void) {
    int fd = epoll_create1(EPOLL_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

/* op: 0 add, 1 modify, 2 delete. */
static inline int cb_epoll_control(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event event = { .events = events, .data = { .u64 = data } };
    int ops[3] = { EPOLL_CTL_ADD, EPOLL_CTL_MOD, EPOLL_CTL_DEL };
    return epoll_ctl(epfd, ops[op], fd, &event) < 0 ? -errno : 0;
}

/* Waits up to timeout_ns (negative: forever) with nanosecond resolution (epoll_pwait2, Linux 5.11), falling back to
   epoll_wait's milliseconds (rounded up) where the kernel lacks it. Copies at most 256 events into out. */
static inline int cb_epoll_wait(int epfd, cb_event *out, int max, int64_t timeout_ns) {
    struct epoll_event events[256];
    if (max > 256) max = 256;
    int count;
    if (timeout_ns < 0) {
        count = epoll_wait(epfd, events, max, -1);
    } else {
        struct timespec spec = { .tv_sec = timeout_ns / 1000000000LL, .tv_nsec = timeout_ns % 1000000000LL };
        count = epoll_pwait2(epfd, events, max, &spec, NULL);
        if (count < 0 && errno == ENOSYS) count = epoll_wait(epfd, events, max, (int)((timeout_ns + 999999) / 1000000));
    }
    if (count < 0) return -errno;
    for (int i = 0; i < count; i++) { out[i].events = events[i].events; out[i].data = events[i].data.u64; }
    return count;
}

/* A non-blocking TCP socket with TCP_NODELAY, connecting to address: the descriptor in *fd_out and 0 (connected),
   -EINPROGRESS (connecting; writable when done) or another -errno (no descriptor left open). */
static inline int cb_tcp_connect(const void *address, uint32_t length, int *fd_out) {
    const struct sockaddr *sa = (const struct sockaddr *)address;
    int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int result = connect(fd, sa, (socklen_t)length);
    int error = result < 0 ? errno : 0;
    if (error != 0 && error != EINPROGRESS) { close(fd); return -error; }
    *fd_out = fd;
    return -error;
}

/* The pending error of a socket whose connect finished (SO_ERROR), as -errno; 0 if connected. */
static inline int cb_socket_error(int fd) {
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0) return -errno;
    return -error;
}

static inline long cb_read(int fd, void *buffer, unsigned long count) {
    long n = read(fd, buffer, count);
    return n < 0 ? -errno : n;
}

static inline long cb_write(int fd, const void *buffer, unsigned long count) {
    long n = send(fd, buffer, count, MSG_NOSIGNAL);
    return n < 0 ? -errno : n;
}

static inline void cb_close(int fd) { (void)close(fd); }

static inline int cb_event_fd(void) {
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

static inline void cb_event_fd_signal(int fd) {
    uint64_t one = 1;
    (void)!write(fd, &one, sizeof one);
}

static inline void cb_event_fd_drain(int fd) {
    uint64_t value;
    (void)!read(fd, &value, sizeof value);
}

static inline int cb_errno_again(int error) { return error == -EAGAIN || error == -EWOULDBLOCK; }
static inline int cb_errno_in_progress(int error) { return error == -EINPROGRESS; }
static inline int cb_errno_refused(int error) {
    return error == -ECONNREFUSED || error == -ENETUNREACH || error == -EHOSTUNREACH || error == -EADDRNOTAVAIL
        || error == -ENETDOWN;
}
static inline int cb_errno_timed_out(int error) { return error == -ETIMEDOUT; }

/* CPUs the calling thread may run on: the bits of its affinity mask (what taskset, cpusets and container runtimes
   narrow), read with the raw system call because glibc declares sched_getaffinity and CPU_COUNT only under
   _GNU_SOURCE, which the imported C library is not built with. 0 if the kernel does not answer (more than 8,192
   CPUs, say). */
static inline int cb_allowed_cpus(void) {
    unsigned long mask[128];
    long bytes = syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
    if (bytes <= 0) return 0;
    int count = 0;
    for (long index = 0; index < bytes / (long)sizeof mask[0]; index++) count += __builtin_popcountl(mask[index]);
    return count;
}
/* Names the calling thread for the kernel (ps -L, top -H, /proc/.../comm): at most 15 bytes are kept. */
static inline void cb_name_thread(const char *name) { prctl(PR_SET_NAME, name, 0, 0, 0); }

#endif
