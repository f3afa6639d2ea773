#include "cli.h"

#include "budget.h"
#include "buildinfo.h"
#include "catalog.h"
#include "chrometrace.h"
#include "engine.h"
#include "lessons.h"
#include "run.h"
#include "runjson.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <qcustomplot.h> // QCUSTOMPLOT_VERSION_STR for --version

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>

namespace interleave::cli {

namespace {

std::atomic<bool> s_interrupted{false};

extern "C" void onInterrupt(int)
{
    s_interrupted.store(true);
    // A second Ctrl-C kills at once, as users expect when a stop seems stuck.
    std::signal(SIGINT, SIG_DFL);
}

void installInterruptHandler()
{
    s_interrupted.store(false);
    struct sigaction sa = {};
    sa.sa_handler = onInterrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

void write(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stream);
    std::fflush(stream);
}

void out(const QString &line)
{
    write(stdout, line + QLatin1Char('\n'));
}

void err(const QString &line)
{
    write(stderr, QStringLiteral("interleave: ") + line + QLatin1Char('\n'));
}

int usageError(const QString &message)
{
    err(message + QStringLiteral(" (see 'interleave --help')"));
    return kExitUsage;
}

int exitStatus(const RunResult &r)
{
    if (r.ok())
        return kExitOk;
    if (r.deadlock)
        return kExitDeadlock;
    return r.cancelled ? kExitInterrupted : kExitFailed;
}

QString seconds(std::int64_t ns)
{
    return QStringLiteral("%1 s").arg(double(ns) / 1e9, 0, 'f', 3);
}

const char *const kUsage = R"(interleave: see threads, thread pools and processes run.

Usage:
  interleave [--workload NAME|FILE.json] [--mode MODE] [--workers N]
      Opens the window (and runs MODE at once, if given).
  interleave --screenshot FILE [--workload W] [--mode M] [--workers N] [--gil]
      Runs W in the window (sequential first, then M), saves the window as PNG, exits.
  interleave list [--json]
      The built-in workloads and what each one teaches.
  interleave run --workload NAME|FILE.json --mode MODE [--workers N] [--set OPTION=true]
                 [--gil [--switch-interval MS]] [--stdout unbuffered|line|block]
                 [--lines] [--json] [--trace FILE] [--quiet]
      Runs a workload, printing its stdout as a terminal gets it (torn lines and all;
      coloured by writer on a terminal), then a summary. --lines prints each line tagged
      with its time and thread instead; --json prints one JSON object; --trace writes a
      Chrome Trace (open it in Perfetto); --quiet prints only the summary.
  interleave compare --workload NAME|FILE.json [--modes LIST] [--workers N] [--set OPTION=true]
                     [--gil] [--json]
      Runs each mode in turn (default sequential,threads,pool,processes) and prints the wall
      time and the speedup over sequential.

--stdout: how each process's sys.stdout is buffered. unbuffered (the default) is python -u,
an IDE or a notebook: every piece of a print is a write, so two threads' prints can tear a
line; line is a terminal (a write per line); block is a pipe (a write per 8 KiB).
--set turns on an option the workload declares ('interleave list' shows them), like
--set locked=true for shared-counter.
Modes: sequential, threads (one thread per call), pool (N worker threads, one FIFO
queue), processes (N worker processes, each with its own PID and memory; calls and
results cross a pipe). Workers: 1 to 256, default the core count.
--gil emulates CPython's global interpreter lock for threads and pool: one thread at a time
computes, a waiting thread asks for the lock after the switch interval (default 5 ms).
Ctrl-C stops a run; the partial trace is kept and the exit status is 130.

Exit status: 0 done, 1 the run or a write failed, 2 bad arguments (nothing ran), 3 a deadlock
ended the run (threads that wait for each other's locks; the message names them), 130 stopped.
Processes mode runs interleave-worker from beside interleave or its libexec/interleave
directory (or $INTERLEAVE_WORKER), never from PATH.
More: 'man interleave' and %1
)";

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

int report(const QString &command, const Problem &problem)
{
    if (problem.inWorkload) {
        err(problem.message);
        return kExitUsage;
    }
    return usageError(command + QStringLiteral(": ") + problem.message);
}

// Parses --workload, --mode(s), --workers, --gil, --switch-interval and --set; returns what is
// wrong, or fills `sel`.
Problem select(const QCommandLineParser &parser, const QStringList &modeNames, Selection &sel)
{
    if (!parser.isSet(QStringLiteral("workload")))
        return {QStringLiteral("missing --workload (see 'interleave list')")};
    const QString given = parser.value(QStringLiteral("workload"));
    WorkloadParse parsed = resolveWorkload(given);
    if (!parsed.workload)
        return {parsed.error, findBuiltin(given) == nullptr && isWorkloadFile(given)};
    sel.workload = std::move(*parsed.workload);

    for (const QString &name : modeNames) {
        Mode mode = Mode::Sequential;
        if (const QString e = parseMode(name, &mode); !e.isEmpty())
            return {e};
        sel.modes.push_back(mode);
    }
    if (sel.modes.empty())
        return {QStringLiteral("no mode given")};
    if (parser.isSet(QStringLiteral("workers"))) {
        if (const QString e =
                parseWorkers(parser.value(QStringLiteral("workers")), &sel.base.workers);
            !e.isEmpty())
            return {QStringLiteral("--") + e};
    }
    sel.base.gil = parser.isSet(QStringLiteral("gil"));
    sel.base.limited = !parser.isSet(QStringLiteral("no-limits"));
    if (parser.isSet(QStringLiteral("switch-interval"))) {
        if (!sel.base.gil)
            return {QStringLiteral("--switch-interval only applies with --gil")};
        if (const QString e = parseSwitchInterval(parser.value(QStringLiteral("switch-interval")),
                                                  &sel.base.switchIntervalMs);
            !e.isEmpty())
            return {QStringLiteral("--") + e};
    }
    if (parser.isSet(QStringLiteral("stdout"))) {
        if (const QString e =
                parseBuffering(parser.value(QStringLiteral("stdout")), &sel.base.buffering);
            !e.isEmpty())
            return {QStringLiteral("--") + e};
    }
    for (const QString &setting : parser.values(QStringLiteral("set"))) {
        if (const QString e = parseSetting(setting, sel.workload, &sel.base.settings); !e.isEmpty())
            return {QStringLiteral("--set: ") + e};
    }
    for (Mode mode : sel.modes) {
        if (const QString problem = checkOptions(sel.options(mode), sel.workload);
            !problem.isEmpty())
            return {problem};
        if (const QString past = checkBudget(sel.options(mode), sel.workload); !past.isEmpty())
            return {past, true};
    }
    return {};
}

// Runs one mode to the end (or Ctrl-C), calling `onLines(trace, from, last)` with the output
// as it appears.
template <typename OnLines>
RunResult runLive(const Workload &workload, RunOptions options, OnLines &&onLines)
{
    Run run(workload, options);
    run.start();
    Recorder::Cursor cursor;
    Trace live;
    std::size_t seen = 0;
    const auto drain = [&](bool last) {
        run.recorder()->drain(cursor, live);
        onLines(live, seen, last);
        seen = live.events.size();
    };
    bool stopAsked = false;
    while (!run.waitFor(std::chrono::milliseconds(10))) {
        if (s_interrupted.load() && !stopAsked) {
            run.requestStop();
            stopAsked = true;
        }
        drain(false);
    }
    drain(true);
    return run.result();
}

// The stream as a terminal gets it: each write's bytes as they were written, torn lines and
// all; on a terminal each writer's bytes in a colour of its own. Writes are held back for a few
// milliseconds, so that one drained a moment late still comes out in its place.
class StreamPrinter
{
public:
    void feed(const Trace &live, std::size_t from, bool all)
    {
        for (std::size_t i = from; i < live.events.size(); ++i) {
            const Event &e = live.events[i];
            if (e.kind == EventKind::Write || e.kind == EventKind::ErrorOutput)
                m_pending.push_back(e);
        }
        std::stable_sort(m_pending.begin(), m_pending.end(),
                         [](const Event &a, const Event &b) { return a.timeNs < b.timeNs; });
        constexpr std::int64_t kHoldNs = 20'000'000;
        QString text;
        std::size_t done = 0;
        for (; done < m_pending.size(); ++done) {
            const Event &e = m_pending[done];
            if (!all && e.timeNs > live.nowNs - kHoldNs)
                break;
            text += e.kind == EventKind::ErrorOutput
                        ? QStringLiteral("[stderr] ") + e.text + QLatin1Char('\n')
                        : coloured(e);
        }
        m_pending.erase(m_pending.begin(), m_pending.begin() + std::ptrdiff_t(done));
        if (!text.isEmpty())
            write(stdout, text);
    }

private:
    static QString coloured(const Event &e)
    {
        static const bool colour = ::isatty(STDOUT_FILENO) == 1;
        static const char *const colours[] = {"\033[36m", "\033[35m", "\033[33m",
                                              "\033[32m", "\033[34m", "\033[31m"};
        if (!colour)
            return e.text;
        return QLatin1String(colours[e.track.value() % 6]) + e.text + QLatin1String("\033[0m");
    }

    std::vector<Event> m_pending;
};

void printLines(const Trace &live, std::size_t from)
{
    int width = 10;
    for (const TrackInfo &t : live.tracks)
        width = std::max(width, static_cast<int>(std::min<qsizetype>(t.name.size(), 28)));
    for (std::size_t i = from; i < live.events.size(); ++i) {
        const Event &e = live.events[i];
        if (e.kind != EventKind::Print && e.kind != EventKind::ErrorOutput)
            continue;
        const TrackInfo *t = live.track(e.track);
        out(QStringLiteral("%1  %2  %3%4")
                .arg(QStringLiteral("%1 s").arg(double(e.timeNs) / 1e9, 7, 'f', 3))
                .arg(t ? t->name : QString(), -width)
                .arg(e.kind == EventKind::ErrorOutput ? QStringLiteral("[stderr] ") : QString(),
                     e.text));
    }
}

QString lessonLine(const Lesson &lesson)
{
    return (lesson.contradicted ? QStringLiteral("not shown: ") : QStringLiteral("lesson: ")) +
           lesson.text;
}

void printSummary(const RunResult &r)
{
    QString idealText;
    if (const auto ideal = r.idealMs())
        idealText = QStringLiteral(" (ideal %1)").arg(seconds(std::llround(*ideal * 1e6)));
    out(QString());
    out(QStringLiteral("%1 · %2 · %3 · wall time %4%5%6")
            .arg(r.workload, modeName(r.mode), workerText(r), seconds(r.wallNs), idealText,
                 r.cancelled ? QStringLiteral(" · STOPPED") : QString()));

    const auto totals = trackTotals(r.trace);
    constexpr std::size_t kShown = 16;
    out(QStringLiteral("  %1 %2 %3 %4 %5 %6 %7")
            .arg(QStringLiteral("thread"), -28)
            .arg(QStringLiteral("pid"), 8)
            .arg(QStringLiteral("tid"), 8)
            .arg(QStringLiteral("compute"), 10)
            .arg(QStringLiteral("wait"), 10)
            .arg(QStringLiteral("queued"), 10)
            .arg(QStringLiteral("busy"), 6));
    for (std::size_t i = 0; i < r.trace.tracks.size() && i < kShown; ++i) {
        const TrackInfo &t = r.trace.tracks[i];
        const TrackTotals &tt = totals[i];
        out(QStringLiteral("  %1 %2 %3 %4 %5 %6 %7%")
                .arg(t.name.left(28), -28)
                .arg(t.pid.value(), 8)
                .arg(t.tid.value(), 8)
                .arg(seconds(tt.computeNs), 10)
                .arg(seconds(tt.waitNs), 10)
                .arg(seconds(tt.queuedNs), 10)
                .arg(r.wallNs > 0 ? 100.0 * double(tt.busyNs()) / double(r.wallNs) : 0.0, 5, 'f',
                     0));
    }
    if (r.trace.tracks.size() > kShown) {
        std::int64_t busy = 0;
        for (std::size_t i = kShown; i < totals.size(); ++i)
            busy += totals[i].busyNs();
        out(QStringLiteral("  … and %1 more threads, busy %2 in all")
                .arg(r.trace.tracks.size() - kShown)
                .arg(seconds(busy)));
    }
    // A summary: each value cut short, and at most the first twenty (--json has them all).
    QStringList results;
    bool anyResult = false;
    constexpr std::size_t kShownResults = 20;
    for (std::size_t i = 0; i < r.results.size(); ++i) {
        anyResult = anyResult || r.results[i].kind() != lang::Value::Kind::None;
        if (i < kShownResults)
            results << QString::fromStdString(lang::shortRepr(r.results[i], 60));
    }
    if (r.results.size() > kShownResults)
        results << QStringLiteral("… %1 in all").arg(r.results.size());
    if (anyResult)
        out(QStringLiteral("results (submission order): ") + results.join(QStringLiteral(", ")));
    if (const Lesson lesson = explainRun(r, std::nullopt); !lesson.isEmpty())
        out(lessonLine(lesson));
    else if (lesson.needsSequential)
        out(QStringLiteral("lesson: shown against a sequential run: interleave compare "
                           "--workload %1 --modes sequential,%2")
                .arg(findBuiltin(r.workload) != nullptr ? r.workload
                                                        : QString::fromStdString(r.program->origin),
                     modeName(r.mode)));
}

void addWorkloadOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("workload"), QStringLiteral("Built-in name or JSON file."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("workers"), QStringLiteral("Pool or process count, 1-256."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object.")});
    parser.addOption(
        {QStringLiteral("gil"), QStringLiteral("Emulate Python's GIL for threads and pool.")});
    parser.addOption({QStringLiteral("switch-interval"),
                      QStringLiteral("GIL switch interval in ms (0.1-100, default 5)."),
                      QStringLiteral("ms")});
    parser.addOption({QStringLiteral("set"),
                      QStringLiteral("Set a workload option, like locked=true (repeatable)."),
                      QStringLiteral("option=value")});
    parser.addOption({QStringLiteral("stdout"),
                      QStringLiteral("How stdout is buffered: unbuffered (python -u, an IDE), "
                                     "line (a terminal) or block (a pipe)."),
                      QStringLiteral("mode")});
    parser.addOption({QStringLiteral("no-limits"),
                      QStringLiteral("Lift the run's budget per thread: 10 minutes of waiting, "
                                     "16 MiB printed, 2,000,000 prints, waits and computations.")});
}

// Parses `args` (program name first); on failure returns the one-line reason.
QString parse(QCommandLineParser &parser, const QStringList &args)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(args))
        return parser.errorText();
    if (!parser.positionalArguments().isEmpty())
        return QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first());
    return {};
}

int cmdList(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    if (const QString e = parse(parser, args); !e.isEmpty())
        return usageError(QStringLiteral("list: ") + e);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const Workload &w : builtinWorkloads()) {
            QJsonObject ideal;
            for (auto it = w.idealMs.begin(); it != w.idealMs.end(); ++it)
                ideal.insert(it.key(), it.value());
            QJsonObject options;
            for (const WorkloadOption &o : w.options)
                options.insert(o.name, QJsonObject{{QStringLiteral("default"), o.defaultValue},
                                                   {QStringLiteral("help"), o.help}});
            list.append(QJsonObject{{QStringLiteral("name"), w.name},
                                    {QStringLiteral("title"), w.title},
                                    {QStringLiteral("lesson"), w.lesson},
                                    {QStringLiteral("source"), w.source},
                                    {QStringLiteral("options"), options},
                                    {QStringLiteral("ideal_ms"), ideal}});
        }
        write(stdout, QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Indented)));
        return kExitOk;
    }
    for (const Workload &w : builtinWorkloads()) {
        out(QStringLiteral("%1  %2").arg(w.name, -14).arg(w.title));
        out(QStringLiteral("%1  %2").arg(QString(), -14).arg(w.lesson));
        for (const WorkloadOption &o : w.options)
            out(QStringLiteral("%1  --set %2=true: %3").arg(QString(), -14).arg(o.name, o.help));
    }
    return kExitOk;
}

int cmdRun(const QStringList &args)
{
    QCommandLineParser parser;
    addWorkloadOptions(parser);
    parser.addOption({QStringLiteral("mode"),
                      QStringLiteral("sequential, threads, pool, processes."),
                      QStringLiteral("mode")});
    parser.addOption({QStringLiteral("trace"), QStringLiteral("Write a Chrome Trace JSON file."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("quiet"), QStringLiteral("Only the summary.")});
    parser.addOption({QStringLiteral("lines"),
                      QStringLiteral("Each line tagged with its time and thread, instead of the "
                                     "stream as a terminal shows it.")});
    if (const QString e = parse(parser, args); !e.isEmpty())
        return usageError(QStringLiteral("run: ") + e);
    if (!parser.isSet(QStringLiteral("mode")))
        return usageError(
            QStringLiteral("run: missing --mode (sequential, threads, pool or processes)"));
    if (parser.isSet(QStringLiteral("trace")) && parser.value(QStringLiteral("trace")).isEmpty())
        return usageError(QStringLiteral("run: --trace needs a file name"));
    Selection sel;
    if (const Problem p = select(parser, {parser.value(QStringLiteral("mode"))}, sel); !p.isEmpty())
        return report(QStringLiteral("run"), p);

    const bool json = parser.isSet(QStringLiteral("json"));
    const bool live = !json && !parser.isSet(QStringLiteral("quiet"));
    const bool lines = parser.isSet(QStringLiteral("lines"));
    installInterruptHandler();
    StreamPrinter stream;
    const RunResult result = runLive(sel.workload, sel.options(sel.modes.front()),
                                     [&](const Trace &t, std::size_t from, bool last) {
                                         if (live && lines)
                                             printLines(t, from);
                                         else if (live)
                                             stream.feed(t, from, last);
                                     });

    int status = exitStatus(result);
    if (json) {
        QJsonObject o = runToJson(result);
        const Lesson lesson = explainRun(result, std::nullopt);
        o.insert(QStringLiteral("lesson"),
                 lesson.isEmpty() ? QJsonValue() : QJsonValue(lesson.text));
        o.insert(QStringLiteral("lesson_contradicted"), lesson.contradicted);
        write(stdout, QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) +
                          QLatin1Char('\n'));
    } else
        printSummary(result);

    if (parser.isSet(QStringLiteral("trace"))) {
        const QString path = parser.value(QStringLiteral("trace"));
        if (const QString e = writeChromeTrace(result, path); !e.isEmpty()) {
            err(e);
            status = status == kExitOk ? kExitFailed : status;
        } else if (!json) {
            out(QStringLiteral("trace written to %1%2")
                    .arg(path, result.cancelled ? QStringLiteral(" (partial: the run was stopped)")
                                                : QString()));
        }
    }
    if (!result.error.isEmpty())
        err(result.error);
    else if (result.cancelled)
        err(QStringLiteral("stopped after %1; the partial trace was kept")
                .arg(seconds(result.wallNs)));
    return status;
}

int cmdCompare(const QStringList &args)
{
    QCommandLineParser parser;
    addWorkloadOptions(parser);
    parser.addOption({QStringLiteral("modes"), QStringLiteral("Comma-separated modes."),
                      QStringLiteral("list"), QStringLiteral("sequential,threads,pool,processes")});
    if (const QString e = parse(parser, args); !e.isEmpty())
        return usageError(QStringLiteral("compare: ") + e);
    Selection sel;
    const QStringList modeNames =
        parser.value(QStringLiteral("modes")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (const Problem p = select(parser, modeNames, sel); !p.isEmpty())
        return report(QStringLiteral("compare"), p);

    const bool json = parser.isSet(QStringLiteral("json"));
    installInterruptHandler();
    const int workers = sel.base.effectiveWorkers();
    if (!json)
        out(QStringLiteral("%1 — %2 (pool and processes: %3 workers)")
                .arg(sel.workload.name, sel.workload.lesson)
                .arg(workers));

    std::vector<RunResult> results;
    for (Mode mode : sel.modes) {
        results.push_back(runLive(
            sel.workload,
            [&] {
                RunOptions o = sel.options(mode);
                o.workers = workers;
                return o;
            }(),
            [](const Trace &, std::size_t, bool) {}));
        if (!results.back().ok())
            break;
    }
    // Speedup is over sequential when it ran, otherwise over the first mode.
    std::int64_t baseNs = results.front().wallNs;
    for (const RunResult &r : results) {
        if (r.mode == Mode::Sequential && r.ok())
            baseNs = r.wallNs;
    }
    QJsonArray runs;
    if (!json) {
        out(QStringLiteral("  %1 %2 %3 %4")
                .arg(QStringLiteral("mode"), -12)
                .arg(QStringLiteral("wall"), 10)
                .arg(QStringLiteral("speedup"), 8)
                .arg(QStringLiteral("ideal"), 10));
    }
    for (const RunResult &r : results) {
        const double speedup = r.wallNs > 0 ? double(baseNs) / double(r.wallNs) : 0.0;
        const auto ideal = r.idealMs();
        const bool hasIdeal = ideal.has_value();
        if (json) {
            runs.append(QJsonObject{
                {QStringLiteral("mode"), modeName(r.mode)},
                {QStringLiteral("workers"), r.workers},
                {QStringLiteral("wall_ms"), double(r.wallNs) / 1e6},
                {QStringLiteral("speedup"), speedup},
                {QStringLiteral("ideal_ms"), hasIdeal ? QJsonValue(*ideal) : QJsonValue()},
                {QStringLiteral("cancelled"), r.cancelled},
                {QStringLiteral("error"), r.error.isEmpty() ? QJsonValue() : QJsonValue(r.error)}});
        } else {
            out(QStringLiteral("  %1 %2 %3 %4%5")
                    .arg(modeName(r.mode), -12)
                    .arg(seconds(r.wallNs), 10)
                    .arg(QStringLiteral("%1x").arg(speedup, 0, 'f', 2), 8)
                    .arg(hasIdeal ? seconds(std::llround(*ideal * 1e6)) : QStringLiteral("-"), 10)
                    .arg(r.cancelled ? QStringLiteral("  stopped") : QString()));
        }
    }
    std::optional<std::int64_t> sequential;
    for (const RunResult &r : results) {
        if (r.mode == Mode::Sequential && r.ok())
            sequential = r.wallNs;
    }
    if (!json) {
        for (const RunResult &r : results) {
            if (const Lesson lesson = explainRun(r, sequential); !lesson.isEmpty())
                out(QStringLiteral("  %1: %2").arg(modeName(r.mode), lessonLine(lesson)));
        }
    }
    if (json) {
        write(stdout, QString::fromUtf8(
                          QJsonDocument(QJsonObject{{QStringLiteral("workload"), sel.workload.name},
                                                    {QStringLiteral("workers"), workers},
                                                    {QStringLiteral("runs"), runs}})
                              .toJson(QJsonDocument::Compact)) +
                          QLatin1Char('\n'));
    }
    const RunResult &last = results.back();
    if (!last.error.isEmpty())
        err(last.error);
    return exitStatus(last);
}

} // namespace

QString usageText()
{
    return QString::fromLatin1(kUsage).arg(QLatin1String(buildinfo::kHomepage));
}

QString versionText()
{
    return QStringLiteral("interleave %1\n"
                          "Qt %2, QCustomPlot %3\n"
                          "License %4: %5 <%6>.\n"
                          "This is free software: you are free to change and redistribute it.\n"
                          "There is NO WARRANTY, to the extent permitted by law.\n")
        .arg(QLatin1String(buildinfo::kVersion), QLatin1String(qVersion()),
             QStringLiteral(QCUSTOMPLOT_VERSION_STR), QLatin1String(buildinfo::kLicenseId),
             QLatin1String(buildinfo::kLicenseName), QLatin1String(buildinfo::kLicenseUrl));
}

namespace {

bool isHelp(const QString &arg)
{
    return arg == QLatin1String("--help") || arg == QLatin1String("-h");
}

bool isVersion(const QString &arg)
{
    return arg == QLatin1String("--version") || arg == QLatin1String("-v");
}

} // namespace

bool isCommandLine(const QStringList &args)
{
    if (args.size() < 2)
        return false;
    // Any word is meant as a command (and an unknown one gets its error here); options belong
    // to the window. Help and version are answered here wherever they are, even without a
    // display: "interleave run --help", "interleave --mode threads --version".
    return !args.at(1).startsWith(QLatin1Char('-')) ||
           std::any_of(args.begin() + 1, args.end(),
                       [](const QString &a) { return isHelp(a) || isVersion(a); });
}

int run(const QStringList &args)
{
    const QString command = args.size() > 1 ? args.at(1) : QString();
    QStringList rest = args.mid(2);
    rest.prepend(args.value(0));
    const auto options = args.mid(1);
    if (command.isEmpty() || command == QLatin1String("help") ||
        std::any_of(options.begin(), options.end(), isHelp)) {
        write(stdout, usageText());
        return kExitOk;
    }
    if (std::any_of(options.begin(), options.end(), isVersion)) {
        write(stdout, versionText());
        return kExitOk;
    }
    if (command == QLatin1String("list"))
        return cmdList(rest);
    if (command == QLatin1String("run"))
        return cmdRun(rest);
    if (command == QLatin1String("compare"))
        return cmdCompare(rest);
    return usageError(
        QStringLiteral("unknown command '%1': use list, run or compare").arg(command));
}

} // namespace interleave::cli
