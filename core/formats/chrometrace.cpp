#include "chrometrace.h"

#include "atomicfile.h"
#include "jsonwriter.h"
#include "runresult.h"
#include "specjson.h"

#include <map>
#include <optional>
#include <set>

namespace interleave {

namespace {

double us(std::int64_t ns)
{
    return double(ns) / 1e3;
}

// The GIL lane has no thread of its own (tid 0 in the recorder, which some viewers take for
// the idle task): it gets a tid no real thread has.
constexpr qint64 kLaneTidBase = 2'000'000'000;
// A thread whose OS tid an earlier thread of its process had (the kernel reuses them: a
// million threads under a pid_max of 32,768) gets a tid of its own, since viewers key a row
// by (pid, tid); its metadata keeps the OS tid as "os_tid". Both bases stay below 2^31.
constexpr qint64 kReusedTidBase = 1'000'000'000;

struct Row
{
    qint64 pid = 0;
    qint64 tid = 0;
};

// One event's fields in the order viewers expect them; `args` writes its arguments.
class EventWriter
{
public:
    explicit EventWriter(JsonWriter &json) : m_json(json) {}

    // A metadata event with its one argument, a text or a number, and the OS tid of a thread
    // whose row has a tid of its own.
    template <typename Value>
    void metadata(const char *name, const Row &row, const char *key, const Value &value,
                  std::optional<qint64> osTid = std::nullopt)
    {
        begin("M", row);
        m_json.key("name").value(name);
        m_json.key("args").beginObject();
        m_json.key(key).value(value);
        if (osTid)
            m_json.key("os_tid").value(*osTid);
        m_json.endObject();
        m_json.endObject();
    }
    // A complete ("X") event, with one argument when `argKey` is given.
    void slice(const QString &name, const QString &category, const Row &row, std::int64_t startNs,
               std::int64_t endNs, const char *argKey = nullptr, const QString &arg = {})
    {
        begin("X", row);
        m_json.key("name").value(name);
        m_json.key("cat").value(category);
        m_json.key("ts").value(us(startNs));
        m_json.key("dur").value(us(std::max<std::int64_t>(endNs - startNs, 0)));
        m_json.key("args").beginObject();
        if (argKey != nullptr)
            m_json.key(argKey).value(arg);
        m_json.endObject();
        m_json.endObject();
    }
    void instant(const QString &name, const char *category, const Row &row, std::int64_t ns,
                 const char *scope, const QString &call)
    {
        begin("i", row);
        m_json.key("s").value(scope);
        m_json.key("name").value(name);
        m_json.key("cat").value(category);
        m_json.key("ts").value(us(ns));
        m_json.key("args").beginObject();
        if (!call.isEmpty())
            m_json.key("call").value(call);
        m_json.endObject();
        m_json.endObject();
    }

private:
    void begin(const char *phase, const Row &row)
    {
        m_json.beginObject();
        m_json.key("ph").value(phase);
        m_json.key("pid").value(row.pid);
        m_json.key("tid").value(row.tid);
    }

    JsonWriter &m_json;
};

class ChromeTrace
{
public:
    ChromeTrace(const RunResult &result, JsonWriter &json)
        : m_result(result), m_trace(result.trace), m_events(json), m_json(json)
    {
        rowTids();
    }

    void write()
    {
        m_json.beginObject();
        m_json.key("displayTimeUnit").value("ms");
        m_json.key("otherData");
        otherData();
        m_json.key("traceEvents").beginArray();
        names();
        spans();
        calls();
        instants();
        m_json.endArray();
        m_json.endObject();
    }

private:
    QString taskLabel(TaskId id) const
    {
        return m_trace.info ? m_trace.info->label(id) : QString();
    }
    // Each track's tid in the file, unique within its process.
    void rowTids()
    {
        std::set<std::pair<qint64, qint64>> seen;
        m_rowTids.reserve(m_trace.tracks.size());
        for (const TrackInfo &t : m_trace.tracks) {
            qint64 tid = qint64(t.tid.value());
            if (t.role == TrackRole::Gil)
                tid = kLaneTidBase + qint64(t.id.value());
            else if (!seen.insert({qint64(t.pid.value()), tid}).second)
                tid = kReusedTidBase + qint64(t.id.value());
            m_rowTids.push_back(tid);
        }
    }
    Row rowOf(const TrackInfo &t) const
    {
        return Row{qint64(t.pid.value()), m_rowTids[t.id.value()]};
    }
    std::optional<qint64> reusedTid(const TrackInfo &t) const
    {
        const qint64 os = qint64(t.tid.value());
        return t.role == TrackRole::Thread && rowOf(t).tid != os ? std::optional(os) : std::nullopt;
    }
    // A trace opened from another tool keeps the names it gave.
    QString processName(const TrackInfo &t) const
    {
        for (const ProcessInfo &p : m_trace.processes) {
            if (p.pid == t.pid)
                return p.name;
        }
        return t.pid == m_result.pid ? QStringLiteral("interleave: %1 (%2)")
                                           .arg(m_result.workload, modeName(m_result.mode()))
                                     : t.name;
    }

    // A trace opened from elsewhere says where it came from, not a run it was not.
    void otherData()
    {
        m_json.beginObject();
        if (m_result.source && !m_result.source->madeHere) {
            m_json.key("opened_from").value(m_result.source->path);
            m_json.key("recorded_by").value(m_result.source->format);
        } else {
            m_json.key("workload").value(m_result.workload);
            m_json.key("mode").value(modeName(m_result.mode()));
            m_json.key("workers").value(m_result.workers);
            m_json.key("wall_ms").value(double(m_result.wallNs) / 1e6);
            m_json.key("cancelled").value(m_result.cancelled);
            writeSpecMembers(m_json, m_result);
            m_json.key("clock").value("CLOCK_MONOTONIC since run start");
        }
        m_json.endObject();
    }

    // Threads and processes are named as the window names them: a worker process is
    // "Process-1" and its thread "MainThread".
    void names()
    {
        std::set<std::int64_t> pids;
        for (const TrackInfo &t : m_trace.tracks) {
            const Row row = rowOf(t);
            const bool worker =
                t.pid != m_result.pid && t.role == TrackRole::Thread && m_trace.processes.empty();
            const QString threadName = t.role == TrackRole::Gil
                                           ? QStringLiteral("GIL: who holds it")
                                       : worker ? QStringLiteral("MainThread")
                                                : t.name;
            m_events.metadata("thread_name", row, "name", threadName, reusedTid(t));
            m_events.metadata("thread_sort_index", row, "sort_index", std::int64_t(t.id.value()));
            if (pids.insert(t.pid.value()).second) {
                m_events.metadata("process_name", row, "name", processName(t));
                m_events.metadata("process_sort_index", row, "sort_index",
                                  std::int64_t(pids.size() - 1));
            }
        }
    }

    // Each span is named after its call ("wait · calc_square([2, 3, 8, 9])") with its kind as
    // the category, so that viewers group by function.
    void spans()
    {
        std::vector<QString> kinds;
        for (int k = 0; k < kSpanKindCount; ++k)
            kinds.push_back(spanKindName(SpanKind(k)));
        const QString gil = QStringLiteral("gil");
        // Labels are made once per call, not once per span.
        std::map<std::uint32_t, QString> labels;
        const auto label = [&](TaskId task) -> const QString & {
            const auto [it, added] = labels.try_emplace(task.value());
            if (added)
                it->second = taskLabel(task);
            return it->second;
        };
        for (const Span &s : m_trace.spans) {
            const TrackInfo *t = m_trace.track(s.track);
            if (t == nullptr)
                continue;
            if (t->role == TrackRole::Gil) {
                // On the GIL lane a span is a holding; its task field names the holding thread.
                const TrackInfo *holder = m_trace.track(TrackId(s.task.value()));
                const QString by = holder ? holder->name : QString();
                m_events.slice(QStringLiteral("GIL held by %1").arg(by), gil, rowOf(*t), s.startNs,
                               s.endNs, "held_by", by);
                continue;
            }
            const QString &kind = kinds[std::size_t(s.kind)];
            const QString &call = s.task.isValid() ? label(s.task) : QString();
            if (call.isEmpty())
                m_events.slice(kind, kind, rowOf(*t), s.startNs, s.endNs);
            else
                m_events.slice(kind + QStringLiteral(" · ") + call, kind, rowOf(*t), s.startNs,
                               s.endNs, "call", call);
        }
    }

    // A slice per call, from its start to its end on the thread that ran it.
    void calls()
    {
        const QString category = QStringLiteral("call");
        std::map<std::pair<TrackId::value_type, TaskId::value_type>, std::int64_t> started;
        for (const Event &e : m_trace.events) {
            const TrackInfo *t = m_trace.track(e.track);
            if (t == nullptr || !e.task.isValid())
                continue;
            const auto key = std::make_pair(e.track.value(), e.task.value());
            if (e.kind == EventKind::TaskStarted)
                started[key] = e.timeNs;
            else if (e.kind == EventKind::TaskFinished && started.count(key) != 0)
                m_events.slice(taskLabel(e.task), category, rowOf(*t), started[key], e.timeNs);
        }
    }

    // Lines and writes carry their text as the event's name, as marks do.
    void instants()
    {
        for (const Event &e : m_trace.events) {
            const TrackInfo *t = m_trace.track(e.track);
            if (t == nullptr)
                continue;
            const bool text = e.kind == EventKind::Print || e.kind == EventKind::Write ||
                              e.kind == EventKind::Mark;
            const char *category = e.kind == EventKind::Write   ? "write"
                                   : e.kind == EventKind::Print ? "print"
                                   : e.kind == EventKind::Mark  ? "mark"
                                                                : "task";
            m_events.instant(text ? e.text : eventKindName(e.kind), category, rowOf(*t), e.timeNs,
                             "t", e.task.isValid() ? taskLabel(e.task) : QString());
        }
        if (m_result.cancelled)
            m_events.instant(QStringLiteral("run stopped"), "run",
                             Row{qint64(m_result.pid.value()), 0}, m_result.wallNs, "g", {});
    }

    const RunResult &m_result;
    const Trace &m_trace;
    std::vector<qint64> m_rowTids; // by track id
    EventWriter m_events;
    JsonWriter &m_json;
};

} // namespace

void writeChromeTrace(const RunResult &result, JsonWriter &json)
{
    ChromeTrace(result, json).write();
}

QByteArray toChromeTrace(const RunResult &result)
{
    JsonWriter json;
    writeChromeTrace(result, json);
    const std::string bytes = json.take();
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

QString writeChromeTrace(const RunResult &result, const QString &path)
{
    return writeFileAtomically(path, [&](const ByteWriter &write) {
        JsonWriter json(write);
        writeChromeTrace(result, json);
        json.finish();
    });
}

} // namespace interleave
