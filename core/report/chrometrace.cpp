#include "chrometrace.h"

#include "atomicfile.h"
#include "engine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <set>

namespace interleave {

namespace {
double us(std::int64_t ns)
{
    return double(ns) / 1e3;
}
} // namespace

QByteArray toChromeTrace(const RunResult &result)
{
    const auto taskLabel = [&](TaskId id) {
        return result.trace.info ? result.trace.info->label(id) : QString();
    };

    QJsonArray events;
    std::set<std::int64_t> pids;
    for (const TrackInfo &t : result.trace.tracks) {
        const QJsonValue pid = t.pid.value();
        const QJsonValue tid = t.tid.value();
        events.append(
            QJsonObject{{QStringLiteral("ph"), QStringLiteral("M")},
                        {QStringLiteral("name"), QStringLiteral("thread_name")},
                        {QStringLiteral("pid"), pid},
                        {QStringLiteral("tid"), tid},
                        {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), t.name}}}});
        events.append(
            QJsonObject{{QStringLiteral("ph"), QStringLiteral("M")},
                        {QStringLiteral("name"), QStringLiteral("thread_sort_index")},
                        {QStringLiteral("pid"), pid},
                        {QStringLiteral("tid"), tid},
                        {QStringLiteral("args"),
                         QJsonObject{{QStringLiteral("sort_index"), qint64(t.id.value())}}}});
        if (pids.insert(t.pid.value()).second) {
            const QString name = t.pid == result.pid
                                     ? QStringLiteral("interleave: %1 (%2)")
                                           .arg(result.workload, modeName(result.mode))
                                     : QStringLiteral("%1 (pid %2)").arg(t.name).arg(t.pid.value());
            events.append(
                QJsonObject{{QStringLiteral("ph"), QStringLiteral("M")},
                            {QStringLiteral("name"), QStringLiteral("process_name")},
                            {QStringLiteral("pid"), pid},
                            {QStringLiteral("tid"), tid},
                            {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), name}}}});
        }
    }

    const auto trackOf = [&](TrackId id) { return result.trace.track(id); };
    for (const Span &s : result.trace.spans) {
        const TrackInfo *t = trackOf(s.track);
        if (t == nullptr)
            continue;
        QJsonObject args{{QStringLiteral("kind"), spanKindName(s.kind)}};
        // On the GIL lane a span is a holding, and its task field names the holding thread.
        const bool gil = t->role == TrackRole::Gil;
        if (gil) {
            const TrackInfo *holder = trackOf(TrackId(s.task.value()));
            args = QJsonObject{{QStringLiteral("held_by"), holder ? holder->name : QString()}};
        } else if (s.task.isValid()) {
            args.insert(QStringLiteral("task"), qint64(s.task.value()));
            args.insert(QStringLiteral("call"), taskLabel(s.task));
        }
        const QString name = gil ? QStringLiteral("GIL held") : spanKindName(s.kind);
        events.append(
            QJsonObject{{QStringLiteral("ph"), QStringLiteral("X")},
                        {QStringLiteral("name"), name},
                        {QStringLiteral("cat"), gil ? QStringLiteral("gil") : spanKindName(s.kind)},
                        {QStringLiteral("pid"), t->pid.value()},
                        {QStringLiteral("tid"), t->tid.value()},
                        {QStringLiteral("ts"), us(s.startNs)},
                        {QStringLiteral("dur"), us(s.durationNs())},
                        {QStringLiteral("args"), args}});
    }
    for (const Event &e : result.trace.events) {
        const TrackInfo *t = trackOf(e.track);
        if (t == nullptr)
            continue;
        // Lines and writes carry their text as the event's name.
        const bool print = e.kind == EventKind::Print || e.kind == EventKind::Write;
        QJsonObject args;
        if (e.task.isValid())
            args.insert(QStringLiteral("call"), taskLabel(e.task));
        events.append(QJsonObject{
            {QStringLiteral("ph"), QStringLiteral("i")},
            {QStringLiteral("s"), QStringLiteral("t")},
            {QStringLiteral("name"), print ? e.text : eventKindName(e.kind)},
            {QStringLiteral("cat"), e.kind == EventKind::Write   ? QStringLiteral("write")
                                    : e.kind == EventKind::Print ? QStringLiteral("print")
                                                                 : QStringLiteral("task")},
            {QStringLiteral("pid"), t->pid.value()},
            {QStringLiteral("tid"), t->tid.value()},
            {QStringLiteral("ts"), us(e.timeNs)},
            {QStringLiteral("args"), args}});
    }

    const QJsonObject meta{
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
