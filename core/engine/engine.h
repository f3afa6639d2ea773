#pragma once

#include "runresult.h"
#include "workload.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace interleave {

class Recorder;
class StopSource;

// Why the run cannot start here, ready to show a person: checkOptions(), the worker process
// the mode needs, then checkBudget(); empty when it can.
QString checkRun(const RunOptions &options, const Workload &workload);

// Runs every call of `workload` in the given mode and returns once all have finished or the
// stop source was triggered. The calling thread plays Python's MainThread. The recorder's
// origin is the start of the run, so create it just before calling.
RunResult execute(const Workload &workload, const RunOptions &options, Recorder &recorder,
                  StopSource &stop);
// The same, with the trace left in the recorder, to be taken (Recorder::take) where the live
// drains are made, once they have let go of their copies.
RunResult executeUntraced(const Workload &workload, const RunOptions &options, Recorder &recorder,
                          StopSource &stop);

} // namespace interleave
