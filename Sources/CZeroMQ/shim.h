#ifndef CLUSTERBENCH_CZEROMQ_SHIM_H
#define CLUSTERBENCH_CZEROMQ_SHIM_H
#include <zmq.h>

#if defined(__linux__)
#include <sys/eventfd.h>

/* Wake-up descriptor for zmq_poll (Messaging.WakeupSignal). Swift's Glibc module does not export
   <sys/eventfd.h>, so these thin wrappers do. Each returns -1 and sets errno on failure. */

/* A non-blocking, close-on-exec eventfd with a counter of 0. */
static inline int cb_eventfd_create(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

/* Adds 1 to the counter: the descriptor becomes readable. */
static inline int cb_eventfd_signal(int fd) {
    return eventfd_write(fd, 1);
}

/* Reads and resets the counter (EAGAIN when it was already 0). */
static inline int cb_eventfd_drain(int fd) {
    eventfd_t value;
    return eventfd_read(fd, &value);
}
#endif

#endif
