#include "timeaccount.h"
#include "text.h"

#include <QStringList>

#include <algorithm>
#include <limits>
#include <map>

namespace interleave {

namespace {

double sec(std::int64_t ns)
{
    return double(ns) / 1e9;
}

// How many calls can compute at once: one where a single thread or the GIL runs them,
// else as many as there are workers and cores.
int lanesOf(const RunResult &r)
{
    if (r.traits().lanes == Lanes::One || gilHolds(r.options))
        return 1;
    return std::max(1, std::min(r.workers, defaultWorkers()));
}

} // namespace

StateTime stateTime(const RunResult &result)
{
    StateTime t;
    t.wallSeconds = sec(result.wallNs);
    const Trace &trace = result.trace;
    // Each thread's life: the main process's main thread lives the whole run; any other from
    // its first recorded moment to its last.
    struct Life
    {
        std::int64_t from = std::numeric_limits<std::int64_t>::max();
        std::int64_t to = 0;
        bool thread = false;
    };
    std::vector<Life> lives(trace.tracks.size());
    const Pid mainPid = result.pid;
    for (const TrackInfo &info : trace.tracks) {
        Life &life = lives[info.id.value()];
        life.thread = info.role == TrackRole::Thread;
        if (info.pid == mainPid && info.name == QLatin1String("MainThread"))
            life = {0, result.wallNs, life.thread};
    }
    const auto seen = [&](TrackId track, std::int64_t from, std::int64_t to) {
        if (track.value() >= lives.size())
            return;
        Life &life = lives[track.value()];
        life.from = std::min(life.from, std::max<std::int64_t>(from, 0));
        life.to = std::max(life.to, std::min(to, result.wallNs));
    };
    double inSpans = 0;
    for (const Span &s : trace.spans) {
        seen(s.track, s.startNs, s.endNs);
        const std::int64_t start = std::max<std::int64_t>(s.startNs, 0);
        const std::int64_t end = std::min(s.endNs, result.wallNs);
        if (s.track.value() >= lives.size() || !lives[s.track.value()].thread || end <= start)
            continue;
        t.seconds[std::size_t(s.kind)] += sec(end - start);
        inSpans += sec(end - start);
    }
    for (const Event &e : trace.events)
        seen(e.track, e.timeNs, e.timeNs);
    for (const Life &life : lives) {
        if (!life.thread || life.to <= life.from)
            continue;
        ++t.threads;
        t.lived += sec(life.to - life.from);
    }
    t.elsewhere = std::max(0.0, t.lived - inSpans);
    return t;
}

std::vector<StateRow> stateRows(const StateTime &t)
{
    std::vector<StateRow> rows;
    for (int k = 0; k < kSpanKindCount; ++k)
        rows.push_back({spanKindDescription(SpanKind(k)), t.seconds[std::size_t(k)]});
    rows.push_back({QStringLiteral("elsewhere (running code)"), t.elsewhere});
    rows.push_back({QStringLiteral("= the threads' lives"), t.lived});
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
        const std::int64_t startup =
            std::clamp<std::int64_t>(call.startup, 0, std::max<std::int64_t>(before - handoff, 0));
        c.handoff += sec(handoff);
        c.startup += sec(startup);
        c.queued += sec(std::max<std::int64_t>(before - handoff - startup, 0));
        if (call.finished)
            c.work += sec(*call.finished - *call.started);
    }
    return c;
}

QString breakEvenSentence(const std::vector<const RunResult *> &runs)
{
    QStringList parts, cpython;
    std::vector<Mode> said;
    for (const RunResult *r : runs) {
        const CallCosts c = callCosts(*r);
        const auto least = c.breakEven();
        if (!least || !r->ok() || std::find(said.begin(), said.end(), r->mode()) != said.end())
            continue;
        said.push_back(r->mode());
        parts << QStringLiteral("%1 of work to gain from %2 (handing a call over costs %3 "
                                "here; %4 run at once)")
                     .arg(durationText(*least), QString::fromUtf8(r->traits().callRunsOn),
                          durationText(c.overheadPerCall()))
                     .arg(c.lanes);
        cpython << QString::fromUtf8(r->traits().cpythonFigure);
    }
    if (parts.isEmpty())
        return {};
    return QStringLiteral("A call must do at least %1. CPython: %2.")
        .arg(parts.join(QStringLiteral("; at least ")), cpython.join(QStringLiteral("; ")));
}

} // namespace interleave
