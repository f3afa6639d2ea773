#pragma once

#include "workload.h"

#include <vector>

namespace interleave {

// The built-in workloads, shipped as JSON resources, in teaching order.
const std::vector<Workload> &builtinWorkloads();
const Workload *findBuiltin(const QString &name);

// True when `nameOrPath` means a file (it ends in .json or names one) rather than a built-in.
bool isWorkloadFile(const QString &nameOrPath);

} // namespace interleave
