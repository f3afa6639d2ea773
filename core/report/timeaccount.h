#pragma once

// Where a run's time went: each state's share of its threads' time, and each call's time
// from submission to its end split into start-up, hand-off, queueing and its own work; from
// those, the least a call must cost for a mode to gain.

#include "engine.h"

#include <array>
#include <optional>

namespace interleave {

struct StateTime
{
    std::array<double, kSpanKindCount> seconds{}; // by SpanKind, summed over the threads
    double elsewhere = 0; // in no span while alive: running code between spans
    double lived = 0;     // the threads' lives summed (the main thread's: the whole run); the
                          // states and `elsewhere` sum to it
    int threads = 0;      // thread rows that lived (not the GIL's)
    double wallSeconds = 0;
};
StateTime stateTime(const RunResult &result);

// The rows of a table of states, the same for every reader: each state, elsewhere, their sum
// (the threads' lives), the thread count, the wall time.
struct StateRow
{
    QString name;
    double value = 0; // seconds, or a count
    bool count = false;
};
std::vector<StateRow> stateRows(const StateTime &t);

struct CallCosts
{
    int calls = 0;         // calls that started
    double startup = 0;    // waiting for a worker process to start (its first call)
    double handoff = 0;    // from a free worker to the call running on it: a thread starting,
                           // a queue or a pipe handing it over
    double queued = 0;     // waiting for a free worker
    double work = 0;       // the call itself
    double startupAll = 0; // every worker process's start-up, whether a call waited for it
    int lanes = 1;         // calls that can run at once on this machine

    // What running a call elsewhere costs it beyond its work: start-up shared out, hand-off.
    double overheadPerCall() const;
    // The least work a call must do for the mode to beat running the calls one after another
    // (calls of c seconds gain when (c + overhead) / lanes < c); nothing when lanes < 2.
    std::optional<double> breakEven() const;
};
CallCosts callCosts(const RunResult &result);

// One sentence from the runs of several modes: how much a call must do to gain from each,
// with CPython's figures beside. Empty when no run has more than one lane.
QString breakEvenSentence(const std::vector<const RunResult *> &runs);

} // namespace interleave
