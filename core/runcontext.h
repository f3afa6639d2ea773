#pragma once

// Internal to the engine: the state every mode of one run shares.

#include "ids.h"
#include "workload.h"

#include <QString>

#include <mutex>
#include <vector>

namespace interleave {

class Recorder;
class StopSource;

struct RunContext
{
    RunContext(const Workload &w, Recorder &r, StopSource &s);

    const Workload &workload;
    Recorder &recorder;
    StopSource &stop;
    const std::vector<const Task *> calls; // TaskId indexes this
    std::vector<QString> results;          // one per call, written by whoever ran it
    const Pid pid;                         // this process

    // Records why the run cannot go on (the first reason wins) and stops it.
    void fail(const QString &message);
    QString error() const;

private:
    mutable std::mutex m_errorMutex;
    QString m_error;
};

} // namespace interleave
