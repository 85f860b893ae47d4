#ifndef CLUSTERBENCH_CZEROMQ_SHIM_H
#define CLUSTERBENCH_CZEROMQ_SHIM_H
#include <zmq.h>
#endif
