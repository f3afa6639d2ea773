#pragma once

#include "engine.h"

#include <optional>

namespace interleave {

// What a finished run showed, checked against its workload's own expectations: the lesson
// when the run bore it out, and a plain statement when it contradicted it.
struct Lesson
{
    QString text;
    bool contradicted = false;
    // No lesson, because the expectations that apply compare with a sequential run.
    bool needsSequential = false;
    bool isEmpty() const { return text.isEmpty(); }
};

// The first expectation that applies to the run decides. `sequentialNs` is the wall time of a
// sequential run of the same workload, when there is one; expectations that need a speedup
// are skipped without it.
Lesson explainRun(const RunResult &result, std::optional<std::int64_t> sequentialNs);

} // namespace interleave
