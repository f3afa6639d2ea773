#pragma once

// What the commands of the command line share: output, exit statuses, the options that
// select a workload and how it runs, and a run driven to its end with Ctrl-C as its stop.

#include "cli.h"
#include "engine.h"
#include "jsonwriter.h"
#include "lessons.h"
#include "recorder.h"
#include "run.h"
#include "statistics.h"
#include "text.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>

#include <limits>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

namespace interleave::cli {

// Ctrl-C and SIGTERM ask the run to stop (a second Ctrl-C kills at once).
void installInterruptHandler();
bool interrupted();

void write(FILE *stream, const QString &text);
void out(const QString &line);          // a line on stdout
void err(const QString &line);          // "interleave: " and a line on stderr
int usageError(const QString &message); // with a pointer to --help; kExitUsage
int exitStatus(const RunResult &r);
QString lessonLine(const Lesson &lesson); // "lesson: ..." or "not shown: ..."

// Workload, mode list and run options as given on the command line, checked by the parsers
// and the checker the window uses too.
struct Selection
{
    Workload workload;
    std::vector<Mode> modes;
    RunOptions base;

    RunOptions options(Mode mode) const
    {
        RunOptions o = base;
        o.mode = mode;
        return o;
    }
};

// Why the command line cannot run: bad arguments, or a workload with a mistake in it (which
// names its own file and place, so it needs no pointer to --help).
struct Problem
{
    QString message;
    bool inWorkload = false; // or in the run's budget: the message says what lifts it
    bool isEmpty() const { return message.isEmpty(); }
};

int report(const QString &command, const Problem &problem);

// Parses --workload, --mode(s), --workers, --gil, --switch-interval and --set; returns what is
// wrong, or fills `sel`. A sweep's --workers is a range, which its caller parses.
enum class WorkersAre
{
    Count,
    Range
};
Problem select(const QCommandLineParser &parser, const QStringList &modeNames, Selection &sel,
               WorkersAre workers = WorkersAre::Count);

// The options every command that runs a workload takes: --workload, --json, --no-history and
// the run's options.
void addWorkloadOptions(QCommandLineParser &parser);
// The run's options, which the window takes too: --workers, --gil, --switch-interval, --set,
// --stdout and --no-limits.
void addRunOptions(QCommandLineParser &parser);
// Those options given on the command line, into `options`; what is wrong with them, or empty.
QString parseRunOptions(const QCommandLineParser &parser, const Workload &workload,
                        WorkersAre workers, RunOptions *options);
// Parses `args` (program name first); on failure returns the one-line reason.
enum class Positional
{
    No,
    Allowed
};
QString parse(QCommandLineParser &parser, const QStringList &args,
              Positional positional = Positional::No);

// The run library the commands keep their runs in (opened by select() unless --no-history);
// remember() stores a finished or stopped run there, and says once if it cannot.
void remember(const RunResult &run);
// Closes it: before the application object goes, as each command ends.
void closeHistory();

// Runs one mode to the end (or Ctrl-C), calling `onLines(trace, last)` with what each drain
// brought: the output as it appears.
template <typename OnLines>
RunResult runLive(const Workload &workload, RunOptions options, OnLines &&onLines)
{
    Run run(workload, options);
    run.start();
    Recorder::Cursor cursor;
    Trace live;
    // Only the lines and writes are printed as they come: what a drain brought goes before
    // the next, so that a long run is not held twice (the result has it all). The last drain
    // takes all that is left.
    const auto drain = [&](bool last) {
        live.spans.clear();
        live.events.clear();
        run.recorder()->drain(cursor, live,
                              last ? std::numeric_limits<std::size_t>::max()
                                   : Recorder::kMaxDrainItems);
        onLines(live, last);
    };
    bool stopAsked = false;
    while (!run.waitFor(std::chrono::milliseconds(10))) {
        if (interrupted() && !stopAsked) {
            run.requestStop();
            stopAsked = true;
        }
        drain(false);
    }
    drain(true);
    live = {};
    RunResult result = run.takeResult();
    remember(result);
    return result;
}

// Repeats of one configuration (--repeat): every run made, in order.
struct Repeats
{
    RunOptions options;
    std::vector<std::unique_ptr<RunResult>> runs;

    std::vector<const RunResult *> all() const;
    const RunResult &median() const { return *medianRun(all()); }
    const RunResult &last() const { return *runs.back(); }
    bool ok() const { return !runs.empty() && last().ok(); }
    Spread wall() const; // in ms
};

// Runs `options` `count` times, or until a run fails or Ctrl-C; the first run's output goes
// to `onLines` as runLive's does.
template <typename OnLines>
Repeats repeat(const Workload &workload, const RunOptions &options, int count, OnLines &&onLines)
{
    Repeats out{options, {}};
    for (int i = 0; i < count; ++i) {
        out.runs.push_back(std::make_unique<RunResult>(
            i == 0 ? runLive(workload, options, onLines)
                   : runLive(workload, options, [](const Trace &, bool) {})));
        if (!out.last().ok() || interrupted())
            break;
    }
    return out;
}

void addRepeatOption(QCommandLineParser &parser);
QString parseRepeat(const QCommandLineParser &parser, int *count);
QJsonObject spreadJson(const Spread &s); // median, min, max, count
// The errno that stopped a write to stdout (a full disk, a closed pipe), or 0.
int outputError();
// One JSON document on `stream`, written as it is made, and a line break.
void writeJson(FILE *stream, const std::function<void(JsonWriter &)> &produce);
void writeJsonValue(JsonWriter &json, const QJsonValue &value);
QString rangeText(const Spread &s); // "0.801–0.803" (seconds), or "-" for one run

// The commands that explore (cliexplore.cpp).
int cmdCompare(const QStringList &args);
int cmdSweep(const QStringList &args);
// The command that draws (cliexport.cpp): needs a QApplication (offscreen will do).
int cmdExport(const QStringList &args);
int cmdHistory(const QStringList &args);
int cmdShow(const QStringList &args);
int cmdRm(const QStringList &args);

// What `run` prints after the output: wall time, threads, results, the lesson.
void printSummary(const RunResult &r, const Lesson &lesson);

} // namespace interleave::cli
