#ifndef CLUSTERBENCH_CZLIB_SHIM_H
#define CLUSTERBENCH_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit is a macro (it passes the zlib version and the stream size): Swift cannot call it. */
static inline int cb_inflate_init(z_streamp stream) { return inflateInit(stream); }
#endif
