#pragma once

// Internal to the engine: the state every mode of one run shares.

#include "ids.h"
#include "lockgraph.h"
#include "memory.h"
#include "program.h"
#include "runoptions.h"
#include "trace.h"

#include <QString>

#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace interleave {

class Gil;
class Recorder;
class StopSource;
struct Workload;

// One call to run: a function of the program and its argument values.
struct CallSpec
{
    int function = 0;
    std::vector<lang::Value> args;
    QString threadName;       // Python's Thread(name=...); empty: the default name
    std::int64_t delayNs = 0; // the caller sleeps this long before starting it
};

struct RunContext
{
    RunContext(const Workload &w, const RunOptions &o, Recorder &r, StopSource &s);
    ~RunContext();

    const Workload &workload;
    const lang::Program &program;
    const RunOptions &options;
    Recorder &recorder;
    StopSource &stop;
    const Pid pid; // this process
    SharedMemory memory;
    RunStdout out;
    std::vector<CallSpec> calls;      // TaskId indexes this; fixed before any call runs
    std::vector<lang::Value> results; // one per call, written by whoever ran it
    std::unique_ptr<Gil> gil;         // threads and pool under --gil
    LockGraph lockGraph;              // this process's locks: who holds and who waits

    // "calc_square([2, 3, 8, 9])": what call `call` is, its arguments cut short if huge.
    CallInfo callInfo(std::size_t call) const;
    // "[2, 3, 8, 9]", "'Task 1', 2": a call's arguments as Python would show them.
    static QString argsText(const std::vector<lang::Value> &args);
    QString label(std::size_t call) const;

    // Records why the run cannot go on (the first reason wins) and stops it.
    void fail(const QString &message);
    QString error() const;
    // Ends the run because of the cycle of lock waits. Each thread of the cycle then marks its
    // own track with what deadlockMark() gives it ("holds a and waits for b").
    void deadlock(const std::vector<LockGraph::Link> &cycle);
    std::optional<QString> deadlockMark(const void *thread) const;
    bool deadlocked() const;

private:
    mutable std::mutex m_errorMutex;
    QString m_error;
    std::vector<std::pair<const void *, QString>> m_deadlockMarks; // by LockGraph key
};

} // namespace interleave
