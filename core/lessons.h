#pragma once

#include "engine.h"

#include <optional>

namespace interleave {

// One sentence on what a finished run shows, when it shows one of the lessons (the GIL,
// lost updates, memory isolation, thread-local data); empty otherwise. `sequentialNs` is the
// wall time of a sequential run of the same workload, when there is one.
QString explainRun(const RunResult &result, const Workload &workload,
                   std::optional<std::int64_t> sequentialNs);

} // namespace interleave
