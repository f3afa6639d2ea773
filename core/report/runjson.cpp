#include "runjson.h"

#include <QFileInfo>
#include <QJsonArray>

#include <set>

namespace interleave {

namespace {
double ms(std::int64_t ns)
{
    return double(ns) / 1e6;
}
} // namespace

QString workerText(const RunResult &r)
{
    const auto count = [&](const char *one, const char *many) {
        return QStringLiteral("%1 %2").arg(r.workers).arg(
            QLatin1String(r.workers == 1 ? one : many));
    };
    switch (r.mode) {
    case Mode::Sequential:
        return QStringLiteral("1 thread");
    case Mode::Threads:
        return count("thread", "threads");
    case Mode::Pool:
        return count("pool thread", "pool threads");
    case Mode::Processes:
        return count("process", "processes");
    }
    return {};
}

std::vector<TrackTotals> trackTotals(const Trace &trace)
{
    std::vector<TrackTotals> totals(trace.tracks.size());
    for (std::size_t i = 0; i < totals.size(); ++i)
        totals[i].track = trace.tracks[i].id;
    for (const Span &s : trace.spans) {
        if (!s.track.isValid() || s.track.value() >= totals.size() ||
            trace.tracks[s.track.value()].role != TrackRole::Thread)
            continue;
        TrackTotals &t = totals[s.track.value()];
        switch (s.kind) {
        case SpanKind::Compute:
            t.computeNs += s.durationNs();
            break;
        case SpanKind::Wait:
            t.waitNs += s.durationNs();
            break;
        case SpanKind::Queued:
            t.queuedNs += s.durationNs();
            break;
        case SpanKind::Python:
            t.pythonNs += s.durationNs();
            break;
        default:
            break;
        }
    }
    return totals;
}

namespace {
// "trace.json · VizTracer · 3 threads in 1 process"
QString openedTitle(const RunResult &r)
{
    std::set<Pid> pids;
    int threads = 0;
    for (const TrackInfo &t : r.trace.tracks) {
        pids.insert(t.pid);
        threads += t.role == TrackRole::Thread ? 1 : 0;
    }
    return QStringLiteral("%1 · %2 · %3 %4 in %5 %6")
        .arg(QFileInfo(r.source->path).fileName(), r.source->format)
        .arg(threads)
        .arg(threads == 1 ? QStringLiteral("thread") : QStringLiteral("threads"))
        .arg(pids.size())
        .arg(pids.size() == 1 ? QStringLiteral("process") : QStringLiteral("processes"));
}
} // namespace

QString runHeadline(const RunResult &r)
{
    if (r.source && !r.source->madeHere)
        return openedTitle(r);
    return QStringList{r.workload, modeName(r.mode), workerText(r)}.join(QStringLiteral(" · "));
}

QString runTitle(const RunResult &r)
{
    if (r.source && !r.source->madeHere)
        return QStringLiteral("%1 · span %2 s")
            .arg(openedTitle(r))
            .arg(double(r.wallNs) / 1e9, 0, 'f', 3);
    QStringList parts{runHeadline(r)};
    if (r.options.gil && r.mode != Mode::Sequential && r.mode != Mode::Processes)
        parts << QStringLiteral("GIL %1 ms").arg(r.options.switchIntervalMs);
    parts << QStringLiteral("stdout %1").arg(bufferingText(r.options.buffering));
    for (auto it = r.options.settings.begin(); it != r.options.settings.end(); ++it)
        parts << QStringLiteral("%1=%2").arg(it.key(), it.value() ? QStringLiteral("true")
                                                                  : QStringLiteral("false"));
    parts << QStringLiteral("wall %1 s").arg(double(r.wallNs) / 1e9, 0, 'f', 3);
    if (r.cancelled)
        parts << QStringLiteral("stopped");
    if (r.source)
        parts << QStringLiteral("opened from %1").arg(QFileInfo(r.source->path).fileName());
    return parts.join(QStringLiteral(" · "));
}

QJsonObject runToJson(const RunResult &result)
{
    QJsonObject o;
    o.insert(QStringLiteral("workload"), result.workload);
    const bool foreign = result.source && !result.source->madeHere;
    o.insert(QStringLiteral("mode"), foreign ? QJsonValue() : QJsonValue(modeName(result.mode)));
    if (result.source) {
        o.insert(QStringLiteral("source"),
                 QJsonObject{{QStringLiteral("path"), result.source->path},
                             {QStringLiteral("format"), result.source->format},
                             {QStringLiteral("skipped_events"), qint64(result.source->skipped)}});
    }
    o.insert(QStringLiteral("workers"), result.workers);
    o.insert(QStringLiteral("wall_ms"), ms(result.wallNs));
    o.insert(QStringLiteral("cancelled"), result.cancelled);
    o.insert(QStringLiteral("deadlock"), result.deadlock);
    o.insert(QStringLiteral("error"),
             result.error.isEmpty() ? QJsonValue() : QJsonValue(result.error));
    o.insert(QStringLiteral("pid"), result.pid.value());
    // The machine the run shared: a busy one explains a run that contradicts its lesson.
    const auto optionalMs = [](const std::optional<std::int64_t> &ns) {
        return ns ? QJsonValue(ms(*ns)) : QJsonValue();
    };
    o.insert(QStringLiteral("machine"),
             QJsonObject{{QStringLiteral("cores"), result.cores},
                         {QStringLiteral("load_average"),
                          result.loadAverage ? QJsonValue(*result.loadAverage) : QJsonValue()},
                         {QStringLiteral("cpu_ms"), ms(result.cpuNs)},
                         {QStringLiteral("others_cpu_ms"), optionalMs(result.othersCpuNs)},
                         {QStringLiteral("busy"), result.machineWasBusy()}});

    const auto totals = trackTotals(result.trace);
    QJsonArray tracks;
    for (const TrackInfo &t : result.trace.tracks) {
        const TrackTotals &tt = totals[t.id.value()];
        tracks.append(QJsonObject{{QStringLiteral("id"), qint64(t.id.value())},
                                  {QStringLiteral("pid"), t.pid.value()},
                                  {QStringLiteral("tid"), t.tid.value()},
                                  {QStringLiteral("name"), t.name},
                                  {QStringLiteral("role"), t.role == TrackRole::Gil
                                                               ? QStringLiteral("gil")
                                                               : QStringLiteral("thread")},
                                  {QStringLiteral("compute_ms"), ms(tt.computeNs)},
                                  {QStringLiteral("python_ms"), ms(tt.pythonNs)},
                                  {QStringLiteral("wait_ms"), ms(tt.waitNs)},
                                  {QStringLiteral("queued_ms"), ms(tt.queuedNs)}});
    }
    o.insert(QStringLiteral("tracks"), tracks);

    const auto taskValue = [](TaskId id) {
        return id.isValid() ? QJsonValue(qint64(id.value())) : QJsonValue();
    };
    QJsonArray spans;
    for (const Span &s : result.trace.spans) {
        spans.append(QJsonObject{{QStringLiteral("track"), qint64(s.track.value())},
                                 {QStringLiteral("task"), taskValue(s.task)},
                                 {QStringLiteral("kind"), spanKindName(s.kind)},
                                 {QStringLiteral("start_ms"), ms(s.startNs)},
                                 {QStringLiteral("end_ms"), ms(s.endNs)}});
    }
    o.insert(QStringLiteral("spans"), spans);

    QJsonArray output;
    QJsonArray writes;
    QJsonArray events;
    for (const Event &e : result.trace.events) {
        if (e.kind == EventKind::Write) {
            writes.append(QJsonObject{{QStringLiteral("t_ms"), ms(e.timeNs)},
                                      {QStringLiteral("track"), qint64(e.track.value())},
                                      {QStringLiteral("task"), taskValue(e.task)},
                                      {QStringLiteral("bytes"), e.text}});
        } else if (e.kind == EventKind::Print) {
            output.append(QJsonObject{{QStringLiteral("t_ms"), ms(e.timeNs)},
                                      {QStringLiteral("track"), qint64(e.track.value())},
                                      {QStringLiteral("task"), taskValue(e.task)},
                                      {QStringLiteral("text"), e.text}});
        } else {
            events.append(QJsonObject{{QStringLiteral("t_ms"), ms(e.timeNs)},
                                      {QStringLiteral("track"), qint64(e.track.value())},
                                      {QStringLiteral("task"), taskValue(e.task)},
                                      {QStringLiteral("kind"), eventKindName(e.kind)}});
        }
    }
    o.insert(QStringLiteral("output"), output);
    o.insert(QStringLiteral("writes"), writes);
    o.insert(QStringLiteral("stdout"), QString::fromUtf8(result.stdoutBytes));
    o.insert(QStringLiteral("events"), events);

    QJsonArray tasks;
    if (const auto &info = result.trace.info) {
        for (std::size_t i = 0; i < info->calls.size(); ++i) {
            tasks.append(QJsonObject{{QStringLiteral("id"), qint64(i)},
                                     {QStringLiteral("function"), info->calls[i].function},
                                     {QStringLiteral("args"), info->calls[i].args}});
        }
        o.insert(QStringLiteral("options"), QJsonArray::fromStringList(info->options));
    }
    o.insert(QStringLiteral("tasks"), tasks);

    // Values as Python would repr them: 81, 'Task 1', [1, 4, 9], None.
    const auto repr = [](const lang::Value &v) { return QString::fromStdString(v.repr()); };
    QJsonArray results;
    for (const lang::Value &r : result.results)
        results.append(repr(r));
    o.insert(QStringLiteral("results"), results);
    QJsonObject globals;
    for (std::size_t i = 0; result.program && i < result.globals.size(); ++i) {
        if (result.globals[i].kind() != lang::Value::Kind::Unbound)
            globals.insert(QString::fromStdString(result.program->globals[i]),
                           repr(result.globals[i]));
    }
    o.insert(QStringLiteral("globals"), globals);
    o.insert(QStringLiteral("gil"), result.options.gil);
    if (result.options.gil)
        o.insert(QStringLiteral("switch_interval_ms"), result.options.switchIntervalMs);
    return o;
}

} // namespace interleave
