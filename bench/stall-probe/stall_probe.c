// How much a core stalls on its own: sleeps of 50 us in epoll_pwait2 for SECONDS, counting every wake-up that comes
// over 1 ms late and their total excess. On a virtual machine this is mostly steal time (the host runs something
// else on the vCPU). Any open-model client pinned to that core must send late in those stalls: at R requests/s, a
// total excess of X s makes about X * R sends late however fast the client is.
//   stall_probe [SECONDS=10]
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 10;
    int ep = epoll_create1(0);
    struct epoll_event events[1];
    struct timespec sleep = {0, 50000};
    double start = now_us(), worst = 0, excess = 0;
    long sleeps = 0, stalls = 0;
    while (now_us() - start < seconds * 1e6) {
        double before = now_us();
        epoll_pwait2(ep, events, 1, &sleep, NULL);
        double late = now_us() - before - 50;
        sleeps++;
        if (late > 1000) { stalls++; excess += late; }
        if (late > worst) worst = late;
    }
    printf("%ld sleeps of 50 us in %.0f s: %ld woke over 1 ms late, %.1f ms in all, the worst %.1f ms\n",
           sleeps, seconds, stalls, excess / 1000, worst / 1000);
    return 0;
}
