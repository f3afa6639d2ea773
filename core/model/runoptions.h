#pragma once

// How to run a workload: the options, their one parser and checker (the command line and the
// window accept and refuse exactly the same things) and their one JSON form (a stored run and
// `run --json` both write it, and both read back into the same options).

#include "modes.h"
#include "stdoutbuffer.h"

#include <QJsonObject>

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace interleave {

struct Workload;

QString modeName(Mode mode);
std::optional<Mode> modeFromName(const QString &name);
const std::vector<Mode> &allModes();

inline constexpr int kMinWorkers = 1;
inline constexpr int kMaxWorkers = 256;
inline constexpr int kMaxSweepPoints = 64;
inline constexpr int kMaxRepeats = 50;
inline constexpr double kMinSwitchIntervalMs = 0.1;
inline constexpr double kMaxSwitchIntervalMs = 100.0;
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
    // Python's global interpreter lock where the mode shares one interpreter between threads
    // (ModeTraits::gilApplies), and its switch interval (sys.setswitchinterval).
    bool gil = false;
    double switchIntervalMs = 5.0;
    // How each process's sys.stdout is buffered: unbuffered (python -u, an IDE, a notebook:
    // every piece of a print is a write, so lines can tear), line (a terminal) or block (a
    // pipe).
    lang::Buffering buffering = lang::Buffering::Unbuffered;
    // The workload's options that differ from their defaults.
    QMap<QString, bool> settings = {};
    // Off: the run's budget (total waiting and printing per thread, core/base/langlimits.h) is
    // lifted.
    bool limited = true;

    int effectiveWorkers() const { return workers > 0 ? workers : defaultWorkers(); }
};

// Parsers for text from the command line; each returns an error message, or an empty string
// and the value.
QString parseMode(const QString &text, Mode *mode);
QString parseWorkers(const QString &text, int *workers);
// "1..8", "1,2,4,8" or "1..4,8": the worker counts of a sweep, each once, in the order given.
QString parseWorkerRange(const QString &text, std::vector<int> *counts);
QString parseSwitchInterval(const QString &text, double *ms);
QString parseBuffering(const QString &text, lang::Buffering *buffering);
QString bufferingText(lang::Buffering buffering);
// "locked=true" (or "locked", meaning true) for an option `workload` declares.
QString parseSetting(const QString &text, const Workload &workload, QMap<QString, bool> *settings);

// Why `options` cannot run `workload`, ready to show a person; empty when they can.
QString checkOptions(const RunOptions &options, const Workload &workload);

// The options as one JSON object, and back: false when the object is not such a form.
QJsonObject optionsToJson(const RunOptions &options);
bool optionsFromJson(const QJsonObject &json, RunOptions *options);

// The counts of calls that can make progress at once: 1, the worker count, or 0 for one per
// call (threads).
int waitLanes(const RunOptions &options);
// The GIL holds this run's threads back: it is on and the mode runs threads of one process.
bool gilHolds(const RunOptions &options);

} // namespace interleave
