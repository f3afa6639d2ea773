#include "chrometrace.h"

#include "atomicfile.h"
#include "engine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <map>
#include <set>

namespace interleave {

namespace {
double us(std::int64_t ns)
{
    return double(ns) / 1e3;
}
} // namespace

namespace {

// The GIL lane has no thread of its own (tid 0 in the recorder, which some viewers take for
// the idle task): it gets a tid no real thread has.
constexpr qint64 kLaneTidBase = 2'000'000'000;

struct Row
{
    qint64 pid = 0;
    qint64 tid = 0;
};

QJsonObject metadata(const char *name, const Row &row, QJsonObject args)
{
    return {{QStringLiteral("ph"), QStringLiteral("M")},
            {QStringLiteral("name"), QLatin1String(name)},
            {QStringLiteral("pid"), row.pid},
            {QStringLiteral("tid"), row.tid},
            {QStringLiteral("args"), args}};
}

QJsonObject slice(const QString &name, const QString &category, const Row &row,
                  std::int64_t startNs, std::int64_t endNs, QJsonObject args)
{
    return {{QStringLiteral("ph"), QStringLiteral("X")},
            {QStringLiteral("name"), name},
            {QStringLiteral("cat"), category},
            {QStringLiteral("pid"), row.pid},
            {QStringLiteral("tid"), row.tid},
            {QStringLiteral("ts"), us(startNs)},
            {QStringLiteral("dur"), us(std::max<std::int64_t>(endNs - startNs, 0))},
            {QStringLiteral("args"), args}};
}

} // namespace

// Threads and processes are named as the window names them: a worker process is
// "Process-1" and its thread "MainThread". Each span is named after its call ("wait ·
// calc_square([2, 3, 8, 9])") with its kind as the category, so that viewers group by
// function; each call is a slice around its spans.
QByteArray toChromeTrace(const RunResult &result)
{
    const Trace &trace = result.trace;
    const auto taskLabel = [&](TaskId id) {
        return trace.info ? trace.info->label(id) : QString();
    };
    const auto rowOf = [&](const TrackInfo &t) {
        const qint64 tid =
            t.role == TrackRole::Gil ? kLaneTidBase + qint64(t.id.value()) : qint64(t.tid.value());
        return Row{qint64(t.pid.value()), tid};
    };

    // A trace opened from another tool keeps the names it gave.
    const auto processName = [&](const TrackInfo &t) {
        for (const ProcessInfo &p : trace.processes) {
            if (p.pid == t.pid)
                return p.name;
        }
        return t.pid == result.pid ? QStringLiteral("interleave: %1 (%2)")
                                         .arg(result.workload, modeName(result.mode))
                                   : t.name;
    };
    QJsonArray events;
    std::set<std::int64_t> pids;
    for (const TrackInfo &t : trace.tracks) {
        const Row row = rowOf(t);
        const bool worker =
            t.pid != result.pid && t.role == TrackRole::Thread && trace.processes.empty();
        const QString threadName = t.role == TrackRole::Gil ? QStringLiteral("GIL: who holds it")
                                   : worker                 ? QStringLiteral("MainThread")
                                                            : t.name;
        events.append(metadata("thread_name", row, {{QStringLiteral("name"), threadName}}));
        events.append(metadata("thread_sort_index", row,
                               {{QStringLiteral("sort_index"), qint64(t.id.value())}}));
        if (pids.insert(t.pid.value()).second) {
            events.append(
                metadata("process_name", row, {{QStringLiteral("name"), processName(t)}}));
            events.append(metadata("process_sort_index", row,
                                   {{QStringLiteral("sort_index"), qint64(pids.size() - 1)}}));
        }
    }

    const auto trackOf = [&](TrackId id) { return trace.track(id); };
    for (const Span &s : trace.spans) {
        const TrackInfo *t = trackOf(s.track);
        if (t == nullptr)
            continue;
        if (t->role == TrackRole::Gil) {
            // On the GIL lane a span is a holding, and its task field names the holding thread.
            const TrackInfo *holder = trackOf(TrackId(s.task.value()));
            const QString by = holder ? holder->name : QString();
            events.append(slice(QStringLiteral("GIL held by %1").arg(by), QStringLiteral("gil"),
                                rowOf(*t), s.startNs, s.endNs, {{QStringLiteral("held_by"), by}}));
            continue;
        }
        const QString call = s.task.isValid() ? taskLabel(s.task) : QString();
        const QString kind = spanKindName(s.kind);
        events.append(
            slice(call.isEmpty() ? kind : QStringLiteral("%1 · %2").arg(kind, call), kind,
                  rowOf(*t), s.startNs, s.endNs,
                  call.isEmpty() ? QJsonObject{} : QJsonObject{{QStringLiteral("call"), call}}));
    }
    // A slice per call, from its start to its end on the thread that ran it.
    std::map<std::pair<TrackId::value_type, TaskId::value_type>, std::int64_t> started;
    for (const Event &e : trace.events) {
        const TrackInfo *t = trackOf(e.track);
        if (t == nullptr || !e.task.isValid())
            continue;
        const auto key = std::make_pair(e.track.value(), e.task.value());
        if (e.kind == EventKind::TaskStarted) {
            started[key] = e.timeNs;
        } else if (e.kind == EventKind::TaskFinished && started.count(key) != 0) {
            events.append(slice(taskLabel(e.task), QStringLiteral("call"), rowOf(*t), started[key],
                                e.timeNs, {}));
        }
    }
    for (const Event &e : trace.events) {
        const TrackInfo *t = trackOf(e.track);
        if (t == nullptr)
            continue;
        // Lines and writes carry their text as the event's name.
        const bool print =
            e.kind == EventKind::Print || e.kind == EventKind::Write || e.kind == EventKind::Mark;
        QJsonObject args;
        if (e.task.isValid())
            args.insert(QStringLiteral("call"), taskLabel(e.task));
        const Row row = rowOf(*t);
        events.append(QJsonObject{
            {QStringLiteral("ph"), QStringLiteral("i")},
            {QStringLiteral("s"), QStringLiteral("t")},
            {QStringLiteral("name"), print ? e.text : eventKindName(e.kind)},
            {QStringLiteral("cat"), e.kind == EventKind::Write   ? QStringLiteral("write")
                                    : e.kind == EventKind::Print ? QStringLiteral("print")
                                    : e.kind == EventKind::Mark  ? QStringLiteral("mark")
                                                                 : QStringLiteral("task")},
            {QStringLiteral("pid"), row.pid},
            {QStringLiteral("tid"), row.tid},
            {QStringLiteral("ts"), us(e.timeNs)},
            {QStringLiteral("args"), args}});
    }
    if (result.cancelled) {
        events.append(QJsonObject{{QStringLiteral("ph"), QStringLiteral("i")},
                                  {QStringLiteral("s"), QStringLiteral("g")},
                                  {QStringLiteral("name"), QStringLiteral("run stopped")},
                                  {QStringLiteral("cat"), QStringLiteral("run")},
                                  {QStringLiteral("pid"), qint64(result.pid.value())},
                                  {QStringLiteral("tid"), 0},
                                  {QStringLiteral("ts"), us(result.wallNs)}});
    }

    // A trace opened from elsewhere says where it came from, not a run it was not.
    const QJsonObject meta =
        result.source && !result.source->madeHere
            ? QJsonObject{{QStringLiteral("opened_from"), result.source->path},
                          {QStringLiteral("recorded_by"), result.source->format}}
            : QJsonObject{
                  {QStringLiteral("workload"), result.workload},
                  {QStringLiteral("mode"), modeName(result.mode)},
                  {QStringLiteral("workers"), result.workers},
                  {QStringLiteral("wall_ms"), double(result.wallNs) / 1e6},
                  {QStringLiteral("cancelled"), result.cancelled},
                  {QStringLiteral("clock"), QStringLiteral("CLOCK_MONOTONIC since run start")}};
    const QJsonObject root{{QStringLiteral("traceEvents"), events},
                           {QStringLiteral("displayTimeUnit"), QStringLiteral("ms")},
                           {QStringLiteral("otherData"), meta}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QString writeChromeTrace(const RunResult &result, const QString &path)
{
    return writeFileAtomically(path, toChromeTrace(result));
}

} // namespace interleave
