#pragma once

#include "ids.h"
#include "trace.h"
#include "workload.h"

#include <QString>

#include <optional>
#include <vector>

namespace interleave {

class Recorder;
class StopSource;

enum class Mode
{
    Sequential,
    Threads,
    Pool,
    Processes
};

QString modeName(Mode mode);
std::optional<Mode> modeFromName(const QString &name);
const std::vector<Mode> &allModes();

inline constexpr int kMinWorkers = 1;
inline constexpr int kMaxWorkers = 256;
// The machine's core count: what pool and processes use when no count is given.
int defaultWorkers();

struct RunOptions
{
    Mode mode = Mode::Sequential;
    int workers = 0; // pool and processes; 0 means defaultWorkers()
    // Scheduling niceness for the run's threads and processes (0-19). The window runs work
    // at a lower priority than itself so that 64 busy threads on 2 cores cannot starve it;
    // on an otherwise idle machine the figures are the same.
    int nice = 0;
    // Python's global interpreter lock for threads and pool (each process has its own, so
    // processes are unaffected), and its switch interval (sys.setswitchinterval).
    bool gil = false;
    double switchIntervalMs = 5.0;
};
inline constexpr double kMinSwitchIntervalMs = 0.1;
inline constexpr double kMaxSwitchIntervalMs = 100.0;

// A global variable's end state in the process that ran the run (the parent, for processes).
struct GlobalValue
{
    QString name;
    long long value = 0;
    long long adds =
        0; // increments attempted by calls of this process: what value would be if none were lost
    long long sets = 0; // assignments made by calls of this process
};

// Why `options` cannot run, ready to show a person; empty when they can.
QString checkOptions(const RunOptions &options);

struct RunResult
{
    QString workload;
    Mode mode = Mode::Sequential;
    int workers = 0;        // threads that ran tasks: 1, one per task, or the pool size
    bool cancelled = false; // stopped before the end; the trace holds what happened until then
    QString error;          // set when the run could not complete for a reason other than Stop
    std::int64_t wallNs = 0;
    Pid pid;
    std::vector<QString> results; // one per call, in submission order
    std::vector<GlobalValue> globals;
    RunOptions options;
    Trace trace;

    bool ok() const { return !cancelled && error.isEmpty(); }
};

// Runs every call of `workload` in the given mode and returns once all have finished or the
// stop source was triggered. The calling thread plays Python's MainThread. The recorder's
// origin is the start of the run, so create it just before calling.
RunResult execute(const Workload &workload, const RunOptions &options, Recorder &recorder,
                  StopSource &stop);

} // namespace interleave
