#include "runjson.h"

#include "jsonwriter.h"
#include "specjson.h"

#include <QJsonDocument>

namespace interleave {

namespace {
double ms(std::int64_t ns)
{
    return double(ns) / 1e6;
}

class RunJsonWriter
{
public:
    RunJsonWriter(const RunResult &result, JsonWriter &json) : m_r(result), m_json(json) {}

    void run()
    {
        m_json.key("workload").value(m_r.workload);
        m_json.key("mode");
        if (m_r.foreign())
            m_json.null();
        else
            m_json.value(modeName(m_r.mode()));
        if (m_r.source) {
            m_json.key("source").beginObject();
            m_json.key("path").value(m_r.source->path);
            m_json.key("format").value(m_r.source->format);
            m_json.key("skipped_events").value(m_r.source->skipped);
            m_json.endObject();
        }
        m_json.key("workers").value(m_r.workers);
        m_json.key("wall_ms").value(ms(m_r.wallNs));
        m_json.key("cancelled").value(m_r.cancelled);
        m_json.key("deadlock").value(m_r.deadlock);
        m_json.key("error");
        optionalText(m_r.error);
        m_json.key("pid").value(m_r.pid.value());
        machine();
        tracks();
        spans();
        events();
        calls();
        values();
        if (!m_r.foreign())
            writeSpecMembers(m_json, m_r);
    }

private:
    void optionalText(const QString &text)
    {
        if (text.isEmpty())
            m_json.null();
        else
            m_json.value(text);
    }
    void task(TaskId id)
    {
        m_json.key("task");
        if (id.isValid())
            m_json.value(id.value());
        else
            m_json.null();
    }

    // The machine the run shared: a busy one explains a run that contradicts its lesson.
    void machine()
    {
        m_json.key("machine").beginObject();
        m_json.key("cores").value(m_r.cores);
        m_json.key("load_average");
        if (m_r.loadAverage)
            m_json.value(*m_r.loadAverage);
        else
            m_json.null();
        m_json.key("cpu_ms").value(ms(m_r.cpuNs));
        m_json.key("others_cpu_ms");
        if (m_r.othersCpuNs)
            m_json.value(ms(*m_r.othersCpuNs));
        else
            m_json.null();
        m_json.key("busy").value(m_r.machineWasBusy());
        m_json.endObject();
    }

    void tracks()
    {
        const auto totals = trackTotals(m_r.trace);
        m_json.key("tracks").beginArray();
        for (const TrackInfo &t : m_r.trace.tracks) {
            const TrackTotals &tt = totals[t.id.value()];
            m_json.beginObject();
            m_json.key("id").value(t.id.value());
            m_json.key("pid").value(t.pid.value());
            m_json.key("tid").value(t.tid.value());
            m_json.key("name").value(t.name);
            m_json.key("role").value(t.role == TrackRole::Gil ? "gil" : "thread");
            for (const SpanKindTraits &k : kSpanKinds)
                if (k.jsonKey != nullptr)
                    m_json.key(k.jsonKey).value(ms(tt.ns(k.kind)));
            m_json.endObject();
        }
        m_json.endArray();
    }

    void spans()
    {
        std::vector<QString> kinds;
        for (int k = 0; k < kSpanKindCount; ++k)
            kinds.push_back(spanKindName(SpanKind(k)));
        m_json.key("spans").beginArray();
        for (const Span &s : m_r.trace.spans) {
            m_json.beginObject();
            m_json.key("track").value(s.track.value());
            task(s.task);
            m_json.key("kind").value(kinds[std::size_t(s.kind)]);
            m_json.key("start_ms").value(ms(s.startNs));
            m_json.key("end_ms").value(ms(s.endNs));
            m_json.endObject();
        }
        m_json.endArray();
    }

    // Lines, writes and the other events, each a list of its own.
    void events()
    {
        const auto list = [&](const char *name, const auto &keep, const char *textKey) {
            m_json.key(name).beginArray();
            for (const Event &e : m_r.trace.events) {
                if (!keep(e.kind))
                    continue;
                m_json.beginObject();
                m_json.key("t_ms").value(ms(e.timeNs));
                m_json.key("track").value(e.track.value());
                task(e.task);
                if (textKey != nullptr)
                    m_json.key(textKey).value(e.text);
                else
                    m_json.key("kind").value(eventKindName(e.kind));
                m_json.endObject();
            }
            m_json.endArray();
        };
        list(
            "output", [](EventKind k) { return k == EventKind::Print; }, "text");
        list(
            "writes", [](EventKind k) { return k == EventKind::Write; }, "bytes");
        m_json.key("stdout").value(
            std::string_view(m_r.stdoutBytes.constData(), std::size_t(m_r.stdoutBytes.size())));
        list(
            "events", [](EventKind k) { return k != EventKind::Print && k != EventKind::Write; },
            nullptr);
    }

    void calls()
    {
        m_json.key("tasks").beginArray();
        if (const auto &info = m_r.trace.info) {
            for (std::size_t i = 0; i < info->calls.size(); ++i) {
                m_json.beginObject();
                m_json.key("id").value(i);
                m_json.key("function").value(info->calls[i].function);
                m_json.key("args").value(info->calls[i].args);
                m_json.endObject();
            }
        }
        m_json.endArray();
    }

    // Values as Python would repr them: 81, 'Task 1', [1, 4, 9], None.
    void values()
    {
        m_json.key("results").beginArray();
        for (const lang::Value &r : m_r.results)
            m_json.value(std::string_view(r.repr()));
        m_json.endArray();
        m_json.key("globals").beginObject();
        for (std::size_t i = 0; i < m_r.globals.size() && i < m_r.globalNames.size(); ++i) {
            if (m_r.globals[i].kind() != lang::Value::Kind::Unbound)
                m_json.key(m_r.globalNames[i].toStdString())
                    .value(std::string_view(m_r.globals[i].repr()));
        }
        m_json.endObject();
    }

    const RunResult &m_r;
    JsonWriter &m_json;
};

} // namespace

void writeRunJson(const RunResult &result, JsonWriter &json,
                  const std::function<void(JsonWriter &)> &more)
{
    json.beginObject();
    RunJsonWriter(result, json).run();
    if (more)
        more(json);
    json.endObject();
}

QJsonObject runToJson(const RunResult &result)
{
    JsonWriter json;
    writeRunJson(result, json);
    const std::string bytes = json.take();
    return QJsonDocument::fromJson(QByteArray::fromRawData(bytes.data(), qsizetype(bytes.size())))
        .object();
}

} // namespace interleave
