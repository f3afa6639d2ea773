#pragma once

// A run, finished or read back: its specification (RunSpec: what it is, once) and what came
// of it. It names itself (headline, title) with the same label everything else uses.

#include "ids.h"
#include "program.h"
#include "runspec.h"
#include "trace.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace interleave {

// Where a run was read from when it was not made here: a trace file.
struct TraceSource
{
    QString path;
    QString format;          // "VizTracer", "py-spy", "Interleave", "Chrome trace"
    bool madeHere = false;   // Interleave wrote it: workload, mode and workers are the run's
    std::size_t skipped = 0; // events in the file that were not understood and passed over
    QString problem;         // what was wrong with the first of them
};

// A finished run. The trace carries the calls; the program, results and globals are here as
// values.
struct RunResult : RunSpec
{
    // The threads or processes that ran the calls: 1 in sequential, one per call started in
    // threads, the pool threads started (at most one per call), the processes started.
    int workers = 0;
    bool cancelled = false; // stopped before the end; the trace holds what happened until then
    QString error;          // set when the run could not complete for a reason other than Stop
    bool deadlock = false;  // the error is a deadlock: threads waited for each other's locks
    std::int64_t wallNs = 0;
    Pid pid; // the main process
    std::shared_ptr<const lang::Program> program;
    QByteArray document;              // the workload's text, as run
    std::vector<QString> globalNames; // by slot, as the program names them
    std::vector<lang::Value> results; // what each call returned, in submission order
    std::vector<lang::Value> globals; // the main process's globals at the end, by slot
    QByteArray stdoutBytes;           // the stream read back from the run's stdout pipe
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
    // Read from a file another tool wrote: no workload, mode or options of ours.
    bool foreign() const { return source && !source->madeHere; }
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

// Gives a run read back its compiled program (for its lesson and ideal time) when the
// program's globals are the run's; their names come with it.
void attachProgram(RunResult &run, std::shared_ptr<const lang::Program> program);

// What ran the calls, in words: "1 thread", "2 threads", "3 pool threads", "2 processes".
QString workerText(const RunResult &result);
// "square-cube · threads · 2 threads", or for a trace opened from a file
// "trace.json · VizTracer · 3 threads in 1 process".
QString runHeadline(const RunResult &result);
// A run in one line, its label naming everything that shaped it: "square-cube · threads · GIL
// 5 ms · line · locked · 2 threads · wall 0.806 s" (· stopped).
QString runTitle(const RunResult &result);

} // namespace interleave
