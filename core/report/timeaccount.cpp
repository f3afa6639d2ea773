#include "timeaccount.h"

#include <QStringList>

#include <algorithm>
#include <map>

namespace interleave {

namespace {

double sec(std::int64_t ns)
{
    return double(ns) / 1e9;
}

int lanesOf(const RunResult &r)
{
    const int cores = defaultWorkers();
    const bool gil = r.options.gil && r.mode != Mode::Processes;
    if (r.mode == Mode::Sequential || gil)
        return 1;
    return std::max(1, std::min(r.workers, cores));
}

QString modeNoun(Mode mode)
{
    switch (mode) {
    case Mode::Sequential:
        break;
    case Mode::Threads:
        return QStringLiteral("a thread of its own");
    case Mode::Pool:
        return QStringLiteral("a pool thread");
    case Mode::Processes:
        return QStringLiteral("a worker process");
    }
    return {};
}

// What CPython costs on a typical machine for the same hand-over, to hold beside ours.
QString cpythonFigure(Mode mode)
{
    switch (mode) {
    case Mode::Sequential:
        break;
    case Mode::Threads:
        return QStringLiteral("a thread start about 60 µs");
    case Mode::Pool:
        return QStringLiteral("ThreadPoolExecutor about 35–45 µs a call");
    case Mode::Processes:
        return QStringLiteral("a fork about 1.8 ms, a spawn about 70 ms");
    }
    return {};
}

} // namespace

StateTime stateTime(const RunResult &result)
{
    StateTime t;
    t.wallSeconds = sec(result.wallNs);
    const Trace &trace = result.trace;
    std::vector<bool> isThread(trace.tracks.size(), false);
    for (const TrackInfo &info : trace.tracks) {
        if (info.role == TrackRole::Thread) {
            isThread[info.id.value()] = true;
            ++t.threads;
        }
    }
    double inSpans = 0;
    for (const Span &s : trace.spans) {
        if (s.track.value() >= isThread.size() || !isThread[s.track.value()])
            continue;
        const std::int64_t start = std::max<std::int64_t>(s.startNs, 0);
        const std::int64_t end = std::min(s.endNs, result.wallNs);
        if (end <= start)
            continue;
        t.seconds[std::size_t(s.kind)] += sec(end - start);
        inSpans += sec(end - start);
    }
    t.elsewhere = std::max(0.0, t.total() - inSpans);
    return t;
}

std::vector<StateRow> stateRows(const StateTime &t)
{
    std::vector<StateRow> rows;
    for (int k = 0; k < kSpanKindCount; ++k)
        rows.push_back({spanKindDescription(SpanKind(k)), t.seconds[std::size_t(k)]});
    rows.push_back({QStringLiteral("elsewhere (code, joining, idle)"), t.elsewhere});
    rows.push_back({QStringLiteral("= threads × wall time"), t.total()});
    rows.push_back({QStringLiteral("threads"), double(t.threads), true});
    rows.push_back({QStringLiteral("wall time"), t.wallSeconds});
    return rows;
}

double CallCosts::overheadPerCall() const
{
    return calls > 0 ? (startupAll + handoff) / calls : 0.0;
}

std::optional<double> CallCosts::breakEven() const
{
    if (lanes < 2 || calls == 0)
        return std::nullopt;
    return overheadPerCall() / (lanes - 1);
}

CallCosts callCosts(const RunResult &result)
{
    CallCosts c;
    c.lanes = lanesOf(result);
    const Trace &trace = result.trace;
    struct Call
    {
        std::optional<std::int64_t> submitted, started, finished;
        std::int64_t handoff = 0;
        std::int64_t startup = 0; // the start-up of the worker it was the first call of
    };
    std::map<TaskId::value_type, Call> calls;
    std::map<TrackId::value_type, std::int64_t> startupOf; // a worker's start-up span
    std::map<TrackId::value_type, bool> hadCall;
    for (const Span &s : trace.spans) {
        if (s.kind == SpanKind::Startup) {
            startupOf[s.track.value()] += s.durationNs();
            c.startupAll += sec(s.durationNs());
        }
    }
    for (const Span &s : trace.spans) { // sorted by track, then start: first calls come first
        if (s.kind != SpanKind::Queued || !s.task.isValid())
            continue;
        Call &call = calls[s.task.value()];
        call.handoff += s.durationNs();
        if (!hadCall[s.track.value()]) {
            hadCall[s.track.value()] = true;
            call.startup = startupOf[s.track.value()];
        }
    }
    for (const Event &e : trace.events) {
        if (!e.task.isValid())
            continue;
        Call &call = calls[e.task.value()];
        if (e.kind == EventKind::TaskSubmitted)
            call.submitted = e.timeNs;
        else if (e.kind == EventKind::TaskStarted)
            call.started = e.timeNs;
        else if (e.kind == EventKind::TaskFinished)
            call.finished = e.timeNs;
    }
    for (const auto &[task, call] : calls) {
        if (!call.started)
            continue;
        ++c.calls;
        const std::int64_t before = call.submitted ? *call.started - *call.submitted : 0;
        const std::int64_t handoff = std::min(call.handoff, std::max<std::int64_t>(before, 0));
        const std::int64_t startup = std::clamp<std::int64_t>(call.startup, 0, before - handoff);
        c.handoff += sec(handoff);
        c.startup += sec(startup);
        c.queued += sec(std::max<std::int64_t>(before - handoff - startup, 0));
        if (call.finished)
            c.work += sec(*call.finished - *call.started);
    }
    return c;
}

QString shortDuration(double seconds)
{
    const double a = std::abs(seconds);
    if (a < 1e-3)
        return QStringLiteral("%1 µs").arg(seconds * 1e6, 0, 'f', a < 1e-5 ? 1 : 0);
    if (a < 1)
        return QStringLiteral("%1 ms").arg(seconds * 1e3, 0, 'f', a < 1e-2 ? 2 : 1);
    return QStringLiteral("%1 s").arg(seconds, 0, 'f', 2);
}

QString breakEvenSentence(const std::vector<const RunResult *> &runs)
{
    QStringList parts, cpython;
    for (const RunResult *r : runs) {
        const CallCosts c = callCosts(*r);
        const auto least = c.breakEven();
        if (!least || !r->ok())
            continue;
        parts << QStringLiteral("%1 from %2 (%3 a call to hand over, %4 at once)")
                     .arg(shortDuration(*least), modeNoun(r->mode),
                          shortDuration(c.overheadPerCall()))
                     .arg(c.lanes);
        cpython << cpythonFigure(r->mode);
    }
    if (parts.isEmpty())
        return {};
    return QStringLiteral("Here a call must take at least %1 to gain. CPython: %2.")
        .arg(parts.join(QStringLiteral(", ")), cpython.join(QStringLiteral("; ")));
}

} // namespace interleave
