// An LD_PRELOAD shim that counts heap allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc,
// memalign) of a process and, when it exits, writes the count to $CB_ALLOC_DIR/<comm>.<pid>.
// Used by bench/engine-allocations.sh to measure allocations per request of the load engine.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <stdatomic.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static atomic_ulong allocations;

void *malloc(size_t size) { atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed); return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed); return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed); return __libc_realloc(p, size); }
void *memalign(size_t alignment, size_t size) { atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { return memalign(alignment, size); }
int posix_memalign(void **out, size_t alignment, size_t size) {
    void *p = memalign(alignment, size);
    if (!p) return 12;
    *out = p;
    return 0;
}

__attribute__((destructor)) static void report(void) {
    const char *dir = getenv("CB_ALLOC_DIR");
    if (!dir) return;
    char comm[64] = "unknown";
    FILE *f = fopen("/proc/self/comm", "r");
    if (f) { if (fgets(comm, sizeof comm, f)) comm[strcspn(comm, "\n")] = 0; fclose(f); }
    char path[512];
    snprintf(path, sizeof path, "%s/%s.%d", dir, comm, (int)getpid());
    unsigned long count = atomic_load(&allocations);
    f = fopen(path, "w");
    if (f) { fprintf(f, "%lu\n", count); fclose(f); }
}
