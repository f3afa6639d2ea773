#pragma once

#include "ids.h"
#include "runoptions.h"
#include "trace.h"
#include "workload.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace interleave {

class Recorder;
class StopSource;

// A finished run. It describes itself: the trace carries the calls, workload, options, mode
// and main PID; the program, results and globals are here as values.
// Where a run was read from when it was not made here: a trace file.
struct TraceSource
{
    QString path;
    QString format;          // "VizTracer", "py-spy", "Interleave", "Chrome trace"
    bool madeHere = false;   // Interleave wrote it: workload, mode and workers are the run's
    std::size_t skipped = 0; // events in the file that were not understood and passed over
    QString problem;         // what was wrong with the first of them
};

struct RunResult
{
    QString workload;
    Mode mode = Mode::Sequential;
    // The threads or processes that ran the calls: 1 in sequential, one per call started in
    // threads, the pool threads started (at most one per call), the processes started.
    int workers = 0;
    bool cancelled = false; // stopped before the end; the trace holds what happened until then
    QString error;          // set when the run could not complete for a reason other than Stop
    bool deadlock = false;  // the error is a deadlock: threads waited for each other's locks
    std::int64_t wallNs = 0;
    Pid pid;
    std::shared_ptr<const lang::Program> program;
    QByteArray document;              // the workload's JSON, as run
    std::vector<lang::Value> results; // what each call returned, in submission order
    std::vector<lang::Value> globals; // the main process's globals at the end, by slot
    QByteArray stdoutBytes;           // the stream read back from the run's stdout pipe
    RunOptions options;
    Trace trace;
    // The machine as the run started, and what the run used of it: a busy machine makes a
    // run contradict its lesson.
    std::optional<double> loadAverage;
    int cores = 0;
    std::int64_t cpuNs = 0; // CPU time of interleave and its worker processes during the run
    std::optional<std::int64_t> othersCpuNs; // CPU time every other program used meanwhile
    std::optional<TraceSource> source;       // set for a trace opened from a file

    // Other programs used a quarter of a core or more, on average, while the run ran.
    bool machineWasBusy() const;

    bool ok() const { return !cancelled && error.isEmpty(); }
    // A global's value at the end (in the main process), or nothing.
    const lang::Value *global(const QString &name) const;
    // The workload's ideal wall time for this mode, where it states one.
    std::optional<double> idealMs() const;
};

// The run's trace, kept alive by the run: for views that show it where it is.
inline std::shared_ptr<const Trace> traceOf(const std::shared_ptr<const RunResult> &run)
{
    return {run, &run->trace};
}

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
