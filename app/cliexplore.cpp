// The commands that explore a workload: compare (modes side by side, where the time went,
// when a mode pays) and sweep (one mode over worker counts, with Amdahl's law fitted).
#include "clisupport.h"
#include "text.h"

#include "budget.h"
#include "statistics.h"
#include "timeaccount.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>
#include <memory>

namespace interleave::cli {

namespace {

// ---- compare -----------------------------------------------------------------------------

QJsonObject statesJson(const StateTime &t)
{
    QJsonObject o;
    for (int k = 0; k < kSpanKindCount; ++k)
        o.insert(spanKindName(SpanKind(k)), t.seconds[std::size_t(k)] * 1e3);
    o.insert(QStringLiteral("elsewhere"), t.elsewhere * 1e3);
    o.insert(QStringLiteral("lived"), t.lived * 1e3);
    o.insert(QStringLiteral("threads"), t.threads);
    return o;
}

QJsonObject callsJson(const CallCosts &c)
{
    const auto breakEven = c.breakEven();
    return {
        {QStringLiteral("calls"), c.calls},
        {QStringLiteral("startup_ms"), c.startup * 1e3},
        {QStringLiteral("handoff_ms"), c.handoff * 1e3},
        {QStringLiteral("queued_ms"), c.queued * 1e3},
        {QStringLiteral("work_ms"), c.work * 1e3},
        {QStringLiteral("worker_startup_ms"), c.startupAll * 1e3},
        {QStringLiteral("lanes"), c.lanes},
        {QStringLiteral("overhead_per_call_us"), c.overheadPerCall() * 1e6},
        {QStringLiteral("break_even_us"), breakEven ? QJsonValue(*breakEven * 1e6) : QJsonValue()}};
}

// Seconds in each state summed over each run's threads: a column sums to its threads times its
// wall time. Two runs get the difference beside them.
void printStates(const std::vector<Repeats> &modes)
{
    std::vector<std::vector<StateRow>> tables;
    for (const Repeats &m : modes)
        tables.push_back(stateRows(stateTime(m.median())));
    const bool difference = tables.size() == 2;
    out(QString());
    out(QStringLiteral("Where the time went, in seconds summed over each run's threads:"));
    QString header = QStringLiteral("  %1").arg(QStringLiteral("state"), -31);
    for (const Repeats &m : modes)
        header += QStringLiteral(" %1").arg(modeName(m.options.mode), 11);
    out(header +
        (difference ? QStringLiteral(" %1").arg(QStringLiteral("difference"), 11) : QString()));
    for (std::size_t r = 0; r < tables.front().size(); ++r) {
        const int decimals = tables.front()[r].count ? 0 : 3;
        QString line = QStringLiteral("  %1").arg(tables.front()[r].name, -31);
        for (const auto &table : tables)
            line += QStringLiteral(" %1").arg(table[r].value, 11, 'f', decimals);
        if (difference)
            line += QStringLiteral(" %1").arg(tables[1][r].value - tables[0][r].value, 11, 'f',
                                              decimals);
        out(line);
    }
}

void printCallCosts(const std::vector<Repeats> &modes)
{
    out(QString());
    out(QStringLiteral("Each call from submission to its end (mean):"));
    out(QStringLiteral("  %1 %2 %3 %4 %5")
            .arg(QStringLiteral("mode"), -12)
            .arg(QStringLiteral("start-up"), 10)
            .arg(QStringLiteral("hand-off"), 10)
            .arg(QStringLiteral("queued"), 10)
            .arg(QStringLiteral("own work"), 10));
    std::vector<const RunResult *> medians;
    for (const Repeats &m : modes) {
        const CallCosts c = callCosts(m.median());
        medians.push_back(&m.median());
        const double n = std::max(c.calls, 1);
        out(QStringLiteral("  %1 %2 %3 %4 %5")
                .arg(modeName(m.options.mode), -12)
                .arg(durationText(c.startup / n), 10)
                .arg(durationText(c.handoff / n), 10)
                .arg(durationText(c.queued / n), 10)
                .arg(durationText(c.work / n), 10));
    }
    if (const QString sentence = breakEvenSentence(medians); !sentence.isEmpty())
        out(sentence);
}

// The title line: the workload, its lesson, and what was shared by the modes' runs.
QString compareTitle(const Selection &sel, int workers, int count)
{
    const bool pooled = std::any_of(sel.modes.begin(), sel.modes.end(),
                                    [](Mode m) { return traitsOf(m).usesWorkers; });
    QStringList notes;
    if (pooled)
        notes << QStringLiteral("pool and processes: %1 workers").arg(workers);
    if (count > 1)
        notes << QStringLiteral("%1 runs each, the median shown").arg(count);
    return QStringLiteral("%1 — %2%3")
        .arg(sel.workload.name, sel.workload.lesson,
             notes.isEmpty() ? QString()
                             : QStringLiteral(" (%1)").arg(notes.join(QStringLiteral("; "))));
}

// Each mode in turn, stopping after the first that fails or is stopped.
std::vector<Repeats> runModes(const Selection &sel, int workers, int count)
{
    std::vector<Repeats> modes;
    for (Mode mode : sel.modes) {
        RunOptions o = sel.options(mode);
        o.workers = workers;
        modes.push_back(repeat(sel.workload, o, count, [](const Trace &, bool) {}));
        if (!modes.back().ok())
            break;
    }
    return modes;
}

std::vector<const RunResult *> sequentialRuns(const std::vector<Repeats> &modes)
{
    std::vector<const RunResult *> sequential;
    for (const Repeats &m : modes)
        if (m.options.mode == Mode::Sequential && m.ok())
            sequential = m.all();
    return sequential;
}

QJsonObject compareRunJson(const Repeats &m, const Workload &workload, double speedup,
                           const std::vector<const RunResult *> &sequential)
{
    const RunResult &r = m.median();
    const auto ideal = r.idealMs();
    const Lesson lesson = explainRepeats(m.all(), sequential);
    return {{QStringLiteral("mode"), modeName(r.mode())},
            {QStringLiteral("label"), configLabel(m.options, workload)},
            {QStringLiteral("workers"), r.workers},
            {QStringLiteral("wall_ms"), double(r.wallNs) / 1e6},
            {QStringLiteral("repeats"), spreadJson(m.wall())},
            {QStringLiteral("speedup"), speedup},
            {QStringLiteral("ideal_ms"), ideal ? QJsonValue(*ideal) : QJsonValue()},
            {QStringLiteral("states_ms"), statesJson(stateTime(r))},
            {QStringLiteral("calls"), callsJson(callCosts(r))},
            {QStringLiteral("lesson"), lesson.text},
            {QStringLiteral("noisy"), lesson.noisy},
            {QStringLiteral("others_cpu_ms"),
             r.othersCpuNs ? QJsonValue(double(*r.othersCpuNs) / 1e6) : QJsonValue()},
            {QStringLiteral("cancelled"), m.last().cancelled},
            {QStringLiteral("error"),
             m.last().error.isEmpty() ? QJsonValue() : QJsonValue(m.last().error)}};
}

void printCompareHeader()
{
    out(QStringLiteral("  %1 %2 %3 %4 %5")
            .arg(QStringLiteral("mode"), -24)
            .arg(QStringLiteral("wall"), 10)
            .arg(QStringLiteral("range"), 14)
            .arg(QStringLiteral("speedup"), 8)
            .arg(QStringLiteral("ideal"), 10));
}

void printCompareRow(const Repeats &m, const Workload &workload, double speedup)
{
    const RunResult &r = m.median();
    const auto ideal = r.idealMs();
    out(QStringLiteral("  %1 %2 %3 %4 %5%6")
            .arg(configLabel(m.options, workload), -24)
            .arg(wallText(r.wallNs), 10)
            .arg(rangeText(m.wall()), 14)
            .arg(QStringLiteral("%1x").arg(speedup, 0, 'f', 2), 8)
            .arg(ideal ? wallText(std::llround(*ideal * 1e6)) : QStringLiteral("-"), 10)
            .arg(m.last().cancelled ? QStringLiteral("  stopped") : QString()));
}

void writeCompareJson(const Selection &sel, int workers, int count,
                      const std::vector<Repeats> &modes, const QJsonArray &runs)
{
    std::vector<const RunResult *> medians;
    for (const Repeats &m : modes)
        medians.push_back(&m.median());
    write(stdout,
          QString::fromUtf8(
              QJsonDocument(QJsonObject{{QStringLiteral("workload"), sel.workload.name},
                                        {QStringLiteral("workers"), workers},
                                        {QStringLiteral("repeat"), count},
                                        {QStringLiteral("runs"), runs},
                                        {QStringLiteral("break_even"), breakEvenSentence(medians)}})
                  .toJson(QJsonDocument::Compact)) +
              QLatin1Char('\n'));
}

void printCompareLessons(const std::vector<Repeats> &modes, const Workload &workload,
                         const std::vector<const RunResult *> &sequential)
{
    for (const Repeats &m : modes)
        if (const Lesson l = explainRepeats(m.all(), sequential); !l.isEmpty())
            out(QStringLiteral("  %1: %2")
                    .arg(configLabel(m.options, workload), l.noisy ? l.text : lessonLine(l)));
}

} // namespace

int cmdCompare(const QStringList &args)
{
    QCommandLineParser parser;
    addWorkloadOptions(parser);
    addRepeatOption(parser);
    parser.addOption({QStringLiteral("modes"), QStringLiteral("Comma-separated modes."),
                      QStringLiteral("list"), QStringLiteral("sequential,threads,pool,processes")});
    if (const QString e = parse(parser, args); !e.isEmpty())
        return usageError(QStringLiteral("compare: ") + e);
    Selection sel;
    const QStringList modeNames =
        parser.value(QStringLiteral("modes")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (const Problem p = select(parser, modeNames, sel); !p.isEmpty())
        return report(QStringLiteral("compare"), p);
    int count = 1;
    if (const QString e = parseRepeat(parser, &count); !e.isEmpty())
        return usageError(QStringLiteral("compare: ") + e);

    const bool json = parser.isSet(QStringLiteral("json"));
    installInterruptHandler();
    const int workers = sel.base.effectiveWorkers();
    if (!json)
        out(compareTitle(sel, workers, count));
    const std::vector<Repeats> modes = runModes(sel, workers, count);
    // Speedup is over sequential when it ran, otherwise over the first mode.
    const std::vector<const RunResult *> sequential = sequentialRuns(modes);
    const double baseNs =
        double(sequential.empty() ? modes.front().median().wallNs : medianRun(sequential)->wallNs);
    QJsonArray runs;
    if (!json)
        printCompareHeader();
    for (const Repeats &m : modes) {
        const RunResult &r = m.median();
        const double speedup = r.wallNs > 0 ? baseNs / double(r.wallNs) : 0.0;
        if (json)
            runs.append(compareRunJson(m, sel.workload, speedup, sequential));
        else
            printCompareRow(m, sel.workload, speedup);
    }
    if (json) {
        writeCompareJson(sel, workers, count, modes, runs);
    } else {
        printCompareLessons(modes, sel.workload, sequential);
        printStates(modes);
        printCallCosts(modes);
    }
    const RunResult &last = modes.back().last();
    if (!last.error.isEmpty())
        err(last.error);
    return exitStatus(last);
}

namespace {

// ---- sweep -------------------------------------------------------------------------------

struct SweepPoint
{
    int workers = 0;
    Repeats repeats;
};

// The run's call count: no more workers than that can run at once.
int callsOf(const std::vector<SweepPoint> &points)
{
    for (const SweepPoint &p : points)
        if (const auto &info = p.repeats.median().trace.info)
            return int(info->calls.size());
    return 0;
}

// Fitted to each count's median, as the window's chart is, up to the number of calls.
AmdahlFit fitPoints(const std::vector<SweepPoint> &points)
{
    std::vector<std::pair<double, double>> xy;
    for (const SweepPoint &p : points)
        xy.emplace_back(p.workers, p.repeats.wall().median / 1e3);
    const int calls = callsOf(points);
    return fitAmdahl(xy, calls > 0 ? double(calls) : std::numeric_limits<double>::infinity());
}

QString fitText(const AmdahlFit &fit, int calls)
{
    if (!fit.valid)
        return QStringLiteral("Amdahl fit: needs two or more worker counts, up to the %1 calls")
            .arg(calls);
    QString text = QStringLiteral("Amdahl fit (1 to %1 workers: no more than the calls can run at "
                                  "once): T(w) = %2 s + %3 s / w, serial fraction %4 %")
                       .arg(calls)
                       .arg(fit.serial, 0, 'f', 3)
                       .arg(fit.parallel, 0, 'f', 3)
                       .arg(100 * fit.serialFraction(), 0, 'f', 1);
    const double ceiling = fit.ceiling();
    return text + (std::isinf(ceiling)
                       ? QStringLiteral(": no serial part, so every worker helps")
                       : QStringLiteral(", so no count of workers passes %1× speedup")
                             .arg(ceiling, 0, 'f', 1));
}

QJsonObject sweepJson(const Selection &sel, Mode mode, int count,
                      const std::vector<SweepPoint> &points, const AmdahlFit &fit)
{
    const double base = points.empty() ? 0.0 : points.front().repeats.wall().median;
    const double baseWorkers = points.empty() ? 1 : points.front().workers;
    QJsonArray list;
    for (const SweepPoint &p : points) {
        const Spread wall = p.repeats.wall();
        QJsonArray each;
        for (const auto &r : p.repeats.runs)
            each.append(double(r->wallNs) / 1e6);
        list.append(
            QJsonObject{{QStringLiteral("workers"), p.workers},
                        {QStringLiteral("label"), configLabel(p.repeats.options, sel.workload)},
                        {QStringLiteral("wall_ms"), spreadJson(wall)},
                        {QStringLiteral("runs_ms"), each},
                        {QStringLiteral("speedup"), wall.median > 0 ? base / wall.median : 0.0},
                        {QStringLiteral("ideal_speedup"), p.workers / baseWorkers},
                        {QStringLiteral("fit_ms"),
                         fit.valid ? QJsonValue(fit.predict(p.workers) * 1e3) : QJsonValue()},
                        {QStringLiteral("lesson"), explainRepeats(p.repeats.all()).text}});
    }
    QJsonObject fitObject;
    if (fit.valid) {
        fitObject = {{QStringLiteral("serial_ms"), fit.serial * 1e3},
                     {QStringLiteral("parallel_ms"), fit.parallel * 1e3},
                     {QStringLiteral("serial_fraction"), fit.serialFraction()},
                     {QStringLiteral("ceiling"),
                      std::isinf(fit.ceiling()) ? QJsonValue() : QJsonValue(fit.ceiling())}};
    }
    return {{QStringLiteral("workload"), sel.workload.name},
            {QStringLiteral("calls"), callsOf(points)},
            {QStringLiteral("mode"), modeName(mode)},
            {QStringLiteral("repeat"), count},
            {QStringLiteral("points"), list},
            {QStringLiteral("fit"), fit.valid ? QJsonValue(fitObject) : QJsonValue()}};
}

void printSweepRow(const SweepPoint &p, double base, double baseWorkers)
{
    if (const Lesson l = explainRepeats(p.repeats.all()); l.noisy)
        out(QStringLiteral("  %1 workers: %2").arg(p.workers).arg(l.text));
    const Spread wall = p.repeats.wall();
    out(QStringLiteral("  %1 %2 %3 %4 %5%6")
            .arg(p.workers, 7)
            .arg(QStringLiteral("%1 s").arg(wall.median / 1e3, 0, 'f', 3), 10)
            .arg(rangeText(wall), 14)
            .arg(QStringLiteral("%1x").arg(wall.median > 0 ? base / wall.median : 0.0, 0, 'f', 2),
                 8)
            .arg(QStringLiteral("%1x").arg(p.workers / baseWorkers, 0, 'f', 2), 8)
            .arg(p.repeats.last().cancelled ? QStringLiteral("  stopped") : QString()));
}

} // namespace

int cmdSweep(const QStringList &args)
{
    QCommandLineParser parser;
    addWorkloadOptions(parser);
    addRepeatOption(parser);
    parser.addOption(
        {QStringLiteral("mode"), QStringLiteral("pool or processes."), QStringLiteral("mode")});
    if (const QString e = parse(parser, args); !e.isEmpty())
        return usageError(QStringLiteral("sweep: ") + e);
    if (!parser.isSet(QStringLiteral("mode")))
        return usageError(QStringLiteral("sweep: missing --mode (pool or processes)"));
    const QString range = parser.isSet(QStringLiteral("workers"))
                              ? parser.value(QStringLiteral("workers"))
                              : QStringLiteral("1..%1").arg(std::min(defaultWorkers() * 2, 16));
    std::vector<int> counts;
    if (const QString e = parseWorkerRange(range, &counts); !e.isEmpty())
        return usageError(QStringLiteral("sweep: --") + e);
    Selection sel;
    if (const Problem p =
            select(parser, {parser.value(QStringLiteral("mode"))}, sel, WorkersAre::Range);
        !p.isEmpty())
        return report(QStringLiteral("sweep"), p);
    const Mode mode = sel.modes.front();
    if (!traitsOf(mode).usesWorkers)
        return usageError(
            QStringLiteral("sweep: --mode %1 has no worker count to sweep: %2")
                .arg(modeName(mode), traitsOf(mode).lanes == Lanes::PerCall
                                         ? QStringLiteral("threads mode starts a thread per call; "
                                                          "sweep pool or processes")
                                         : QStringLiteral("use pool or processes")));
    int count = 1;
    if (const QString e = parseRepeat(parser, &count); !e.isEmpty())
        return usageError(QStringLiteral("sweep: ") + e);
    for (int w : counts) {
        RunOptions o = sel.options(mode);
        o.workers = w;
        if (const QString past = checkBudget(o, sel.workload); !past.isEmpty())
            return report(QStringLiteral("sweep"), {past, true});
    }

    const bool json = parser.isSet(QStringLiteral("json"));
    installInterruptHandler();
    if (!json) {
        out(QStringLiteral("%1 · %2 · workers %3 · %4 run%5 each")
                .arg(sel.workload.name, modeName(mode), range)
                .arg(count)
                .arg(count > 1 ? QStringLiteral("s") : QString()));
        out(QStringLiteral("  %1 %2 %3 %4 %5")
                .arg(QStringLiteral("workers"), 7)
                .arg(QStringLiteral("wall"), 10)
                .arg(QStringLiteral("range"), 14)
                .arg(QStringLiteral("speedup"), 8)
                .arg(QStringLiteral("ideal"), 8));
    }
    std::vector<SweepPoint> points;
    std::unique_ptr<RunResult> ended; // the run that failed or was stopped, ending the sweep
    for (int w : counts) {
        RunOptions o = sel.options(mode);
        o.workers = w;
        SweepPoint point{w, repeat(sel.workload, o, count, [](const Trace &, bool) {})};
        if (!point.repeats.ok()) {
            // Not a measurement: what it did is not a point, and the sweep ends here.
            ended = std::move(point.repeats.runs.back());
            point.repeats.runs.pop_back();
        }
        if (!point.repeats.runs.empty()) {
            points.push_back(std::move(point));
            if (!json)
                printSweepRow(points.back(), points.front().repeats.wall().median,
                              points.front().workers);
        }
        if (ended) {
            if (!json)
                out(QStringLiteral("  %1 %2").arg(w, 7).arg(
                    ended->cancelled ? QStringLiteral("stopped") : QStringLiteral("failed")));
            break;
        }
    }
    const AmdahlFit fit = fitPoints(points);
    if (json)
        write(stdout, QString::fromUtf8(QJsonDocument(sweepJson(sel, mode, count, points, fit))
                                            .toJson(QJsonDocument::Compact)) +
                          QLatin1Char('\n'));
    else
        out(fitText(fit, callsOf(points)));
    if (!ended)
        return kExitOk;
    if (!ended->error.isEmpty())
        err(ended->error);
    return exitStatus(*ended);
}

} // namespace interleave::cli
