#pragma once

#include "engine.h"

#include <QJsonObject>

namespace interleave {

struct Workload;

// The whole run as one JSON object: what `interleave run --json` prints. Times in milliseconds
// since the run started.
QJsonObject runToJson(const RunResult &result, const Workload &workload);

// Per track: time in each span kind, for summaries.
struct TrackTotals
{
    TrackId track;
    std::int64_t computeNs = 0;
    std::int64_t waitNs = 0;
    std::int64_t queuedNs = 0;
    std::int64_t busyNs() const { return computeNs + waitNs; }
};
std::vector<TrackTotals> trackTotals(const Trace &trace);

} // namespace interleave
