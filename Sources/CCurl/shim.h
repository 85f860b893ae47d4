#ifndef CLUSTERBENCH_CCURL_SHIM_H
#define CLUSTERBENCH_CCURL_SHIM_H
#include <curl/curl.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

/* curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic macros that Swift cannot call.
   One typed wrapper per argument kind keeps the call sites type-checked. */

static inline CURLcode cb_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode cb_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode cb_easy_setopt_ptr(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode cb_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode cb_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}
typedef size_t (*cb_data_callback)(char *buffer, size_t size, size_t nitems, void *userdata);
static inline CURLcode cb_easy_setopt_data_callback(CURL *handle, CURLoption option, cb_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}
/* Progress callback (CURLOPT_XFERINFOFUNCTION): returning non-zero aborts the transfer with
   CURLE_ABORTED_BY_CALLBACK; the blocking client uses it for cancellation. */
typedef int (*cb_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                                    curl_off_t ulnow);
static inline CURLcode cb_easy_setopt_xferinfo_callback(CURL *handle, cb_xferinfo_callback value) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}
static inline CURLcode cb_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode cb_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode cb_easy_getinfo_ptr(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode cb_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLMcode cb_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}
/* One extra descriptor for curl_multi_poll: readable when `fd` is. */
static inline CURLMcode cb_multi_poll_with_fd(CURLM *handle, int fd, int timeout_ms) {
    struct curl_waitfd extra = { .fd = fd, .events = CURL_WAIT_POLLIN, .revents = 0 };
    return curl_multi_poll(handle, fd >= 0 ? &extra : NULL, fd >= 0 ? 1 : 0, timeout_ms, NULL);
}

/* A CLOCK_MONOTONIC timerfd that the load engine hands to curl_multi_poll, so that it wakes at a due time with
   nanosecond resolution instead of poll()'s milliseconds. */
static inline int cb_timerfd_create(void) {
    return timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
}
static inline int cb_timerfd_arm(int fd, uint64_t monotonic_ns) {
    struct itimerspec spec = { .it_interval = {0, 0},
        .it_value = { .tv_sec = (time_t)(monotonic_ns / 1000000000ULL), .tv_nsec = (long)(monotonic_ns % 1000000000ULL) } };
    if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1; /* 0 would disarm */
    return timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL);
}
static inline void cb_timerfd_drain(int fd) {
    uint64_t expirations;
    (void)!read(fd, &expirations, sizeof expirations);
}

/* CURLMsg.data is a union; Swift sees it, but reading the result through a helper is clearer. */
static inline CURLcode cb_msg_result(CURLMsg *msg) { return msg->data.result; }
#endif
