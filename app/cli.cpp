#include "cli.h"

#include "buildinfo.h"
#include "catalog.h"
#include "chrometrace.h"
#include "clisupport.h"
#include "runjson.h"
#include "timeaccount.h"
#include "traceopen.h"

#include <cstring>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <qcustomplot.h> // QCUSTOMPLOT_VERSION_STR for --version

#include <algorithm>
#include <unistd.h>

namespace interleave::cli {

namespace {

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
                 [--lines] [--json] [--trace FILE] [--quiet] [--repeat K]
      Runs a workload, printing its stdout as a terminal gets it (torn lines and all;
      coloured by writer on a terminal), then a summary. --lines prints each line tagged
      with its time and thread instead; --json prints one JSON object; --trace writes a
      Chrome Trace (open it in Perfetto); --quiet prints only the summary.
  interleave compare --workload NAME|FILE.json [--modes LIST] [--workers N] [--set OPTION=true]
                     [--gil] [--repeat K] [--json]
      Runs each mode in turn (default sequential,threads,pool,processes) and prints the wall
      time and the speedup over sequential, where each run's time went (computing, waiting,
      queued, starting, GIL, locks) and what a call must cost for each mode to pay.
  interleave sweep --workload NAME|FILE.json --mode pool|processes [--workers 1..N]
                   [--repeat K] [--json]
      Runs the mode at every worker count (default 1 to twice the cores; also 1,2,4,8) and
      prints wall time and speedup against workers with Amdahl's law fitted: the serial
      fraction and the speedup no worker count passes.
  interleave export --workload NAME|FILE.json --mode MODE --image FILE.png|svg|pdf|jpg
                    [--trace FILE.json] [--size WxH] [run options]
      Runs the workload and draws its timeline to an image without a window (offscreen):
      the title line names everything that shaped the run; SVG and PDF are vector.
  interleave history [--workload W] [--json]
      The runs kept in the run library, newest first, each with its id.
  interleave show ID|FILE.json [--json] [--trace FILE]
      A kept run, or a trace file (Interleave's export or run --json, or Chrome Trace Event
      JSON from VizTracer, py-spy and others; a number is a run's id, ./12 a file), printed
      as run prints a run (--json: the same object as run --json); --trace writes it out
      again as a Chrome trace.
  interleave rm ID...
      Deletes kept runs.
run, compare, sweep and export keep every run in the run library (in the user's data
directory) unless --no-history.

--repeat K (run, compare, sweep) runs each K times and reports the median with its range;
when the runs disagree by 25 % or more, or other programs kept the machine busy while a run
contradicted its lesson, the results say so instead of asserting the lesson.

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

// The stream as a terminal gets it: each write's bytes as they were written, torn lines and
// all; on a terminal each writer's bytes in a colour of its own. Writes are held back for a few
// milliseconds, so that one drained a moment late still comes out in its place.
class StreamPrinter
{
public:
    void feed(const Trace &live, bool all)
    {
        for (const Event &e : live.events) {
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

void printLines(const Trace &live)
{
    int width = 10;
    for (const TrackInfo &t : live.tracks)
        width = std::max(width, static_cast<int>(std::min<qsizetype>(t.name.size(), 28)));
    for (const Event &e : live.events) {
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

} // namespace

void printSummary(const RunResult &r, const Lesson &lesson)
{
    QString idealText;
    if (const auto ideal = r.idealMs())
        idealText = QStringLiteral(" (ideal %1)").arg(wallText(std::llround(*ideal * 1e6)));
    out(QString());
    out(QStringLiteral("%1 · %2 %3%4%5")
            .arg(runHeadline(r),
                 r.source && !r.source->madeHere ? QStringLiteral("span")
                                                 : QStringLiteral("wall time"),
                 wallText(r.wallNs), idealText,
                 r.cancelled ? QStringLiteral(" · STOPPED") : QString()));
    if (r.source)
        out(describeTrace(r));

    const auto totals = trackTotals(r.trace);
    constexpr std::size_t kShown = 16;
    // Waits for the GIL and for locks get columns of their own when the run had any: the time
    // a thread was held back, which "busy" leaves out.
    std::vector<const SpanKindTraits *> kinds;
    for (const SpanKindTraits &k : kSpanKinds) {
        const SpanKind kind = k.kind;
        if (k.column != nullptr && (!k.columnIfAny || std::any_of(totals.begin(), totals.end(),
                                                                  [kind](const TrackTotals &t) {
                                                                      return t.ns(kind) > 0;
                                                                  })))
            kinds.push_back(&k);
    }
    std::sort(kinds.begin(), kinds.end(), [](const SpanKindTraits *a, const SpanKindTraits *b) {
        return a->columnOrder < b->columnOrder;
    });
    std::vector<std::pair<SpanKind, QString>> columns;
    for (const SpanKindTraits *k : kinds)
        columns.emplace_back(k->kind, QString::fromLatin1(k->column));
    QString header;
    for (const auto &column : columns)
        header += QStringLiteral(" %1").arg(column.second, 10);
    out(QStringLiteral("  %1 %2 %3%4 %5")
            .arg(QStringLiteral("thread"), -28)
            .arg(QStringLiteral("pid"), 8)
            .arg(QStringLiteral("tid"), 8)
            .arg(header)
            .arg(QStringLiteral("busy"), 6));
    // The GIL lane is no thread: its holders are in the threads' columns.
    std::vector<std::size_t> threads;
    for (std::size_t i = 0; i < r.trace.tracks.size(); ++i) {
        if (r.trace.tracks[i].role == TrackRole::Thread)
            threads.push_back(i);
    }
    for (std::size_t n = 0; n < threads.size() && n < kShown; ++n) {
        const TrackInfo &t = r.trace.tracks[threads[n]];
        const TrackTotals &tt = totals[threads[n]];
        QString times;
        for (const auto &column : columns)
            times += QStringLiteral(" %1").arg(wallText(tt.ns(column.first)), 10);
        out(QStringLiteral("  %1 %2 %3%4 %5%")
                .arg(t.name.left(28), -28)
                .arg(t.pid.value(), 8)
                .arg(t.tid.value(), 8)
                .arg(times)
                .arg(r.wallNs > 0 ? 100.0 * double(tt.busyNs()) / double(r.wallNs) : 0.0, 5, 'f',
                     0));
    }
    if (threads.size() > kShown) {
        std::int64_t busy = 0;
        for (std::size_t n = kShown; n < threads.size(); ++n)
            busy += totals[threads[n]].busyNs();
        out(QStringLiteral("  … and %1 more threads, busy %2 in all")
                .arg(threads.size() - kShown)
                .arg(wallText(busy)));
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
    if (lesson.noisy)
        out(lesson.text);
    else if (!lesson.isEmpty())
        out(lessonLine(lesson));
    else if (lesson.needsSequential)
        out(QStringLiteral("lesson: shown against a sequential run: interleave compare "
                           "--workload %1 --modes sequential,%2")
                .arg(findBuiltin(r.workload) != nullptr ? r.workload
                                                        : QString::fromStdString(r.program->origin),
                     modeName(r.mode())));
}

namespace {

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
    addRepeatOption(parser);
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

    int count = 1;
    if (const QString e = parseRepeat(parser, &count); !e.isEmpty())
        return usageError(QStringLiteral("run: ") + e);

    const bool json = parser.isSet(QStringLiteral("json"));
    const bool live = !json && !parser.isSet(QStringLiteral("quiet"));
    const bool lines = parser.isSet(QStringLiteral("lines"));
    installInterruptHandler();
    StreamPrinter stream;
    // The first run's output as it comes; the repeats after it quietly.
    const Repeats runs =
        repeat(sel.workload, sel.options(sel.modes.front()), count, [&](const Trace &t, bool last) {
            if (live && lines)
                printLines(t);
            else if (live)
                stream.feed(t, last);
        });
    // The median run stands for them all, unless one failed or was stopped.
    const RunResult &result = runs.ok() ? runs.median() : runs.last();
    const Lesson lesson = runs.ok() ? explainRepeats(runs.all()) : Lesson{};

    int status = exitStatus(result);
    if (json) {
        writeJson(stdout, [&](JsonWriter &document) {
            writeRunJson(result, document, [&](JsonWriter &more) {
                more.key("lesson");
                writeJsonValue(more, lesson.isEmpty() ? QJsonValue() : QJsonValue(lesson.text));
                more.key("lesson_contradicted").value(lesson.contradicted);
                more.key("noisy").value(lesson.noisy);
                more.key("repeats");
                writeJsonValue(more, spreadJson(runs.wall()));
            });
        });
    } else {
        printSummary(result, lesson);
        if (count > 1 && runs.ok())
            out(QStringLiteral("%1 runs: the median is shown; wall %2 s (range %3 s)")
                    .arg(runs.runs.size())
                    .arg(runs.wall().median / 1e3, 0, 'f', 3)
                    .arg(rangeText(runs.wall())));
    }

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
                .arg(wallText(result.wallNs)));
    return status;
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

bool drawsWidgets(const QStringList &args)
{
    return args.size() > 1 && args.at(1) == QLatin1String("export") &&
           std::none_of(args.begin() + 1, args.end(),
                        [](const QString &a) { return isHelp(a) || isVersion(a); });
}

namespace {

int dispatch(const QStringList &args)
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
    if (command == QLatin1String("sweep"))
        return cmdSweep(rest);
    if (command == QLatin1String("export"))
        return cmdExport(rest);
    if (command == QLatin1String("history"))
        return cmdHistory(rest);
    if (command == QLatin1String("show"))
        return cmdShow(rest);
    if (command == QLatin1String("rm"))
        return cmdRm(rest);
    return usageError(QStringLiteral("unknown command '%1': use list, run, compare, sweep, "
                                     "export, history, show or rm")
                          .arg(command));
}

} // namespace

int run(const QStringList &args)
{
    const int status = dispatch(args);
    closeHistory();
    if (const int error = outputError(); error != 0) {
        err(QStringLiteral("cannot write the output: %1")
                .arg(QString::fromLocal8Bit(std::strerror(error))));
        return status == kExitOk ? kExitFailed : status;
    }
    return status;
}

} // namespace interleave::cli