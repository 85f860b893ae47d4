/* Closed-loop HTTP load through libcurl's multi interface, driven two ways:
 *   poll:  curl_multi_perform + curl_multi_poll (what Sources/LoadEngine does)
 *   epoll: curl_multi_socket_action with CURLMOPT_SOCKETFUNCTION/TIMERFUNCTION and an epoll set
 * Usage: multi_loop poll|epoll URL CONNECTIONS REQUESTS
 * Prints: mode connections requests ok errors wall_s req_per_s cpu_s cpu_us_per_req
 * Every run is bounded: REQUESTS in all, and it gives up after 60 s. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>

static long total, sent, ok, errors;
static CURLcode first_error = CURLE_OK;
static CURLM *multi;
static int epfd;
static long timeout_ms = -1;

static size_t discard(char *b, size_t s, size_t n, void *u) { (void)b; (void)u; return s * n; }

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

static int on_socket(CURL *e, curl_socket_t s, int what, void *u, void *sp) {
    (void)e; (void)u; (void)sp;
    struct epoll_event ev = {0};
    ev.data.fd = s;
    if (what == CURL_POLL_REMOVE) { epoll_ctl(epfd, EPOLL_CTL_DEL, s, NULL); return 0; }
    ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0) | (what & CURL_POLL_OUT ? EPOLLOUT : 0);
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, s, &ev) != 0) epoll_ctl(epfd, EPOLL_CTL_ADD, s, &ev);
    return 0;
}

static int on_timer(CURLM *m, long ms, void *u) { (void)m; (void)u; timeout_ms = ms; return 0; }

/* Re-adds finished handles while requests remain; returns how many finished. */
static int harvest(void) {
    int queued, finished = 0;
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(multi, &queued))) {
        if (msg->msg != CURLMSG_DONE) continue;
        CURL *e = msg->easy_handle;
        if (msg->data.result == CURLE_OK) {
            ok++;
        } else {
            if (errors++ == 0) first_error = msg->data.result;
        }
        curl_multi_remove_handle(multi, e);
        finished++;
        if (sent < total) { sent++; curl_multi_add_handle(multi, e); }
    }
    return finished;
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s poll|epoll URL CONNECTIONS REQUESTS\n", argv[0]); return 2; }
    int epoll_mode = strcmp(argv[1], "epoll") == 0;
    int connections = atoi(argv[3]);
    total = atol(argv[4]);
    curl_global_init(CURL_GLOBAL_ALL);
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)connections);
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)connections);
    if (epoll_mode) {
        epfd = epoll_create1(EPOLL_CLOEXEC);
        curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
        curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
    }
    for (int i = 0; i < connections && sent < total; i++) {
        CURL *e = curl_easy_init();
        curl_easy_setopt(e, CURLOPT_URL, argv[2]);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 10000L);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
        sent++;
        curl_multi_add_handle(multi, e);
    }
    double wall0 = now(), cpu0 = cpu(), deadline = wall0 + 60;
    int running = 1;
    while ((ok + errors) < total && now() < deadline) {
        if (!epoll_mode) {
            curl_multi_perform(multi, &running);
            if (harvest() > 0) continue;
            curl_multi_poll(multi, NULL, 0, 1000, NULL);
        } else {
            struct epoll_event events[256];
            int wait = timeout_ms < 0 ? 1000 : (int)timeout_ms;
            int n = epoll_wait(epfd, events, 256, wait);
            if (n == 0) curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
            for (int i = 0; i < n; i++) {
                int flags = (events[i].events & EPOLLIN ? CURL_CSELECT_IN : 0)
                    | (events[i].events & EPOLLOUT ? CURL_CSELECT_OUT : 0)
                    | (events[i].events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
                curl_multi_socket_action(multi, events[i].data.fd, flags, &running);
            }
            /* Re-added handles set a 0 ms timer: run it now rather than one more epoll_wait later. */
            while (harvest() > 0 && timeout_ms == 0) curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
        }
    }
    double wall = now() - wall0, used = cpu() - cpu0;
    printf("%s %d %ld %ld %ld %.3f %.0f %.3f %.1f\n", argv[1], connections, ok + errors, ok, errors, wall,
           (ok + errors) / wall, used, used * 1e6 / (double)(ok + errors ? ok + errors : 1));
    if (errors) fprintf(stderr, "first error: %s\n", curl_easy_strerror(first_error));
    return errors == 0 && ok == total ? 0 : 1;
}
