#pragma once

// Opening what a person names: a built-in workload, a workload file, or a file that turns out
// to be a trace, which is said so with how to open it. Traces themselves open with
// openTraceFile (traceopen.h); every format is told apart here and there by its first bytes.

#include "workload.h"

#include <QString>

namespace interleave {

// A workload file, or why not; a trace given as a workload says how to open it instead.
WorkloadParse openWorkloadFile(const QString &path);
// A built-in by name, else a workload file (openWorkloadFile).
WorkloadParse openWorkload(const QString &nameOrPath);

} // namespace interleave
