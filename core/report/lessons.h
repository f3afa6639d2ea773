#pragma once

#include "engine.h"
#include "statistics.h"

#include <optional>
#include <vector>

namespace interleave {

// What a finished run showed, checked against its workload's own expectations: the lesson
// when the run bore it out, and a plain statement when it contradicted it.
struct Lesson
{
    QString text;
    bool contradicted = false;
    // No lesson, because the expectations that apply compare with a sequential run.
    bool needsSequential = false;
    // Instead of the lesson: the repeats disagree, or a busy machine explains a contradiction.
    bool noisy = false;
    bool isEmpty() const { return text.isEmpty(); }
};

// The first expectation that applies to the run decides. `sequentialNs` is the wall time of a
// sequential run of the same workload, when there is one; expectations that need a speedup
// are skipped without it.
Lesson explainRun(const RunResult &result, std::optional<std::int64_t> sequentialNs);

// Repeats of one configuration whose wall times differ by this share of their median or more
// disagree too much to assert a lesson.
inline constexpr double kDisagreement = 0.25;

// The run whose wall time is the median of `runs` (the lower of the middle two).
const RunResult *medianRun(const std::vector<const RunResult *> &runs);
// The runs' wall times in milliseconds: median and range.
Spread wallSpreadMs(const std::vector<const RunResult *> &runs);

// The lesson of repeats of one configuration, judged by their median run against the median
// of `baseline` (the sequential runs with the same options; may be empty), unless they or the
// baseline's disagree by kDisagreement or more ("3 runs disagree by 40 %: ..."), or the median
// run contradicts the lesson while other programs kept the machine busy. Either way it says
// so in words, and to run again, rather than assert or deny the lesson.
// `baselineNs` stands for the baseline's median where its runs are not at hand (recalled from
// the run library by their wall times).
Lesson explainRepeats(const std::vector<const RunResult *> &runs,
                      const std::vector<const RunResult *> &baseline = {},
                      std::optional<std::int64_t> baselineNs = std::nullopt);

} // namespace interleave
