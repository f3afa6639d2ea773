#pragma once

// Facts about the machine a run shares: how busy it was, how much CPU the run used. A run
// on a busy machine can contradict its lesson; these let the results say so.

#include <cstdint>
#include <optional>

namespace interleave {

// The 1-minute load average (/proc/loadavg): runnable threads, averaged.
std::optional<double> loadAverage();
// CPU time used so far by this process and the children it has waited for.
std::int64_t cpuTimeNs();
// CPU time every program on the machine has used since boot (/proc/stat), to tell how much
// others used while a run ran: the difference of two readings minus the run's own.
std::optional<std::int64_t> machineCpuNs();

} // namespace interleave
