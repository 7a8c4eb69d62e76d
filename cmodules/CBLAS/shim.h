#ifndef BILEVELKIT_CBLAS_SHIM_H
#define BILEVELKIT_CBLAS_SHIM_H
// Debian's libopenblas-dev puts cblas.h in /usr/include/x86_64-linux-gnu (a default search path);
// liblapacke-dev puts lapacke.h in /usr/include. Nothing else in the repository is C.
#include <cblas.h>
#include <lapacke.h>
#endif
