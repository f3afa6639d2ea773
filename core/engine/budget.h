#pragma once

// The run's budget, checked before it starts: a run whose program fixes in its text more
// waiting, recording or printing than a run may do (langlimits.h) is refused with the
// estimate in the message, unless the options lift the limits.

#include "runoptions.h"
#include "workload.h"

#include <QString>

namespace interleave {

// Why the run would be past its budget, ready to show a person; empty when it is not, or
// when `options.limited` is off.
QString checkBudget(const RunOptions &options, const Workload &workload);

} // namespace interleave
