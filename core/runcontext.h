#pragma once

// Internal to the engine: the state every mode of one run shares.

#include "ids.h"
#include "workload.h"

#include <QString>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace interleave {

class Gil;
class Recorder;
class StopSource;

struct GlobalVariable
{
    std::atomic<long long> value{0};
    std::atomic<long long> adds{0};
    std::atomic<long long> sets{0};
};

struct RunContext
{
    RunContext(const Workload &w, Recorder &r, StopSource &s);
    ~RunContext();

    const Workload &workload;
    Recorder &recorder;
    StopSource &stop;
    const std::vector<const Task *> calls; // TaskId indexes this
    std::vector<QString> results;          // one per call, written by whoever ran it
    const Pid pid;                         // this process
    // Every global and mutex the calls name, made before any thread starts so that the maps
    // themselves are only ever read while the run goes on.
    std::map<QString, std::unique_ptr<GlobalVariable>> globals;
    std::map<QString, std::unique_ptr<std::mutex>> mutexes;
    std::unique_ptr<Gil> gil; // threads and pool under --gil

    // {global:NAME} for every global, at this moment.
    void addGlobalPlaceholders(QMap<QString, QString> &vars) const;

    // Records why the run cannot go on (the first reason wins) and stops it.
    void fail(const QString &message);
    QString error() const;

private:
    mutable std::mutex m_errorMutex;
    QString m_error;
};

} // namespace interleave
