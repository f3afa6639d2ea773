#include "runjsonread.h"

#include "specjson.h"

#include <algorithm>
#include <cmath>

namespace interleave {

namespace {

// Calls `read(key)` for each member of the object the reader is at; `read` reads the value
// or returns false to pass it over.
template <typename Read> void eachMember(json::Reader &reader, Read read)
{
    std::string scratch;
    std::string_view key;
    reader.beginObject();
    while (reader.nextMember(&key, &scratch)) {
        if (!read(key))
            reader.skip();
    }
}

template <typename Read> void eachItem(json::Reader &reader, Read read)
{
    reader.beginArray();
    while (reader.nextItem())
        read();
}

QString text(json::Reader &reader)
{
    std::string scratch;
    const std::string_view s = reader.string(&scratch);
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

double number(json::Reader &reader)
{
    const double v = reader.number();
    if (!std::isfinite(v) || std::fabs(v) > 1e15)
        reader.fail("a number out of range");
    return v;
}

// A time in milliseconds: within ±417 days, what a Span holds (56 bits of nanoseconds).
std::int64_t nsFromMs(json::Reader &reader)
{
    const double ms = number(reader);
    if (std::fabs(ms) > double(Span::kMaxNs) / 1e6)
        reader.fail("a time beyond ±417 days");
    return std::llround(ms * 1e6);
}

// A track or task number, or null for none.
std::uint32_t id(json::Reader &reader)
{
    if (reader.peek() == 'n') {
        reader.null();
        return TaskId::kInvalid;
    }
    const double v = number(reader);
    if (v < 0 || v >= double(TaskId::kInvalid) || v != std::floor(v))
        reader.fail("expected a track or call number");
    return std::uint32_t(v);
}

} // namespace

bool RunJson::member(std::string_view key, json::Reader &reader)
{
    // A member of another type than this document's is not this document's: passed over.
    const char c = reader.peek();
    const bool isText = c == '"', isNumber = c == '-' || (c >= '0' && c <= '9');
    const bool isList = c == '[', isBool = c == 't' || c == 'f';
    if (readSpecMember(key, reader, &m_run)) {
        // the options and the declared options
    } else if (key == "workload" && isText) {
        m_run.workload = text(reader);
    } else if (key == "mode" && isText) { // null for a trace from another tool
        const auto mode = modeFromName(text(reader));
        m_modeKnown = mode.has_value();
        m_run.options.mode = mode.value_or(Mode::Sequential);
    } else if (key == "workers" && isNumber) {
        m_run.workers = int(std::clamp(number(reader), 0.0, 1e9));
    } else if (key == "wall_ms" && isNumber) {
        m_run.wallNs = nsFromMs(reader);
    } else if (key == "cancelled" && isBool) {
        m_run.cancelled = reader.boolean();
    } else if (key == "pid" && isNumber) {
        m_run.pid = Pid(std::llround(number(reader)));
    } else if (key == "stdout" && isText) {
        m_run.stdoutBytes = text(reader).toUtf8();
    } else if (key == "tracks" && isList) {
        m_sawTracks = true;
        readTracks(reader);
    } else if (key == "spans" && isList) {
        m_sawSpans = true;
        readSpans(reader);
    } else if (key == "output" && isList) {
        readEvents(reader, EventKind::Print, "text");
    } else if (key == "writes" && isList) {
        readEvents(reader, EventKind::Write, "bytes");
    } else if (key == "events" && isList) {
        readEvents(reader, std::nullopt, {});
    } else if (key == "tasks" && isList) {
        readTasks(reader);
    } else if (key == "machine" && c == '{') {
        readMachine(reader);
    } else {
        return false;
    }
    return true;
}

// The machine the run shared, as far as the document says.
void RunJson::readMachine(json::Reader &reader)
{
    const auto optional = [&]() -> std::optional<double> {
        if (reader.peek() != 'n')
            return number(reader);
        reader.null();
        return std::nullopt;
    };
    eachMember(reader, [&](std::string_view key) {
        if (key == "cores") {
            m_run.cores = int(std::clamp(number(reader), 0.0, 1e6));
        } else if (key == "load_average") {
            m_run.loadAverage = optional();
        } else if (key == "cpu_ms") {
            m_run.cpuNs = nsFromMs(reader);
        } else if (key == "others_cpu_ms") {
            if (reader.peek() == 'n')
                reader.null();
            else
                m_run.othersCpuNs = nsFromMs(reader);
        } else {
            return false;
        }
        return true;
    });
}

void RunJson::tick(const json::Reader &reader)
{
    if (m_progress && ++m_items % 4096 == 0)
        m_progress(reader.offset());
}

void RunJson::readTracks(json::Reader &reader)
{
    eachItem(reader, [&] {
        TrackInfo t;
        eachMember(reader, [&](std::string_view key) {
            if (key == "id")
                t.id = TrackId(id(reader));
            else if (key == "pid")
                t.pid = Pid(std::llround(number(reader)));
            else if (key == "tid")
                t.tid = Tid(std::llround(number(reader)));
            else if (key == "name")
                t.name = text(reader);
            else if (key == "role")
                t.role = text(reader) == QLatin1String("gil") ? TrackRole::Gil : TrackRole::Thread;
            else
                return false;
            return true;
        });
        m_tracks.push_back(std::move(t));
    });
}

void RunJson::readSpans(json::Reader &reader)
{
    eachItem(reader, [&] {
        tick(reader);
        Span s;
        bool kindKnown = true;
        eachMember(reader, [&](std::string_view key) {
            if (key == "track") {
                s.track = TrackId(id(reader));
            } else if (key == "task") {
                s.task = TaskId(id(reader));
            } else if (key == "kind") {
                const auto k = spanKindFromName(text(reader));
                kindKnown = k.has_value();
                s.kind = k.value_or(SpanKind::Python);
            } else if (key == "start_ms") {
                s.startNs = nsFromMs(reader);
            } else if (key == "end_ms") {
                s.endNs = nsFromMs(reader);
            } else {
                return false;
            }
            return true;
        });
        if (kindKnown)
            m_spans.push_back(s);
    });
}

void RunJson::readEvents(json::Reader &reader, std::optional<EventKind> kind,
                         std::string_view textKey)
{
    eachItem(reader, [&] {
        tick(reader);
        Event e;
        bool known = kind.has_value();
        e.kind = kind.value_or(EventKind::Mark);
        eachMember(reader, [&](std::string_view key) {
            if (key == "t_ms") {
                e.timeNs = nsFromMs(reader);
            } else if (key == "track") {
                e.track = TrackId(id(reader));
            } else if (key == "task") {
                e.task = TaskId(id(reader));
            } else if (!textKey.empty() && key == textKey) {
                e.text = text(reader);
            } else if (textKey.empty() && key == "kind") {
                const auto k = eventKindFromName(text(reader));
                known = k.has_value();
                e.kind = k.value_or(EventKind::Mark);
            } else {
                return false;
            }
            return true;
        });
        if (known)
            m_events.push_back(std::move(e));
    });
}

void RunJson::readTasks(json::Reader &reader)
{
    eachItem(reader, [&] {
        std::uint32_t index = TaskId::kInvalid;
        CallInfo call;
        eachMember(reader, [&](std::string_view key) {
            if (key == "id")
                index = id(reader);
            else if (key == "function")
                call.function = text(reader);
            else if (key == "args")
                call.args = text(reader);
            else
                return false;
            return true;
        });
        if (index != m_calls.size())
            reader.fail("the calls are not numbered 0, 1, 2 … in order");
        m_calls.push_back(std::move(call));
    });
}

std::optional<RunResult> RunJson::finish(QString *error)
{
    for (std::size_t i = 0; i < m_tracks.size(); ++i) {
        if (m_tracks[i].id != TrackId(i)) {
            *error = QStringLiteral("its tracks are not numbered 0, 1, 2 … in order");
            return std::nullopt;
        }
    }
    const auto badTrack = [&](TrackId t) { return !t.isValid() || t.value() >= m_tracks.size(); };
    const auto badTask = [&](TaskId t) { return t.isValid() && t.value() >= m_calls.size(); };
    for (const Span &s : m_spans) {
        if (badTrack(s.track) || s.endNs < s.startNs ||
            (badTask(s.task) && m_tracks[s.track.value()].role == TrackRole::Thread)) {
            *error = QStringLiteral("a span names a track or call the document does not list, "
                                    "or ends before it starts");
            return std::nullopt;
        }
    }
    for (const Event &e : m_events) {
        if (badTrack(e.track) || badTask(e.task)) {
            *error = QStringLiteral("an event names a track or call the document does not list");
            return std::nullopt;
        }
    }
    std::stable_sort(m_events.begin(), m_events.end(),
                     [](const Event &a, const Event &b) { return a.timeNs < b.timeNs; });
    auto info = std::make_shared<RunInfo>();
    info->calls = std::move(m_calls);
    m_run.trace.info = std::move(info);
    m_run.trace.tracks = std::move(m_tracks);
    m_run.trace.spans = std::move(m_spans);
    m_run.trace.sortSpans();
    m_run.trace.events = std::move(m_events);
    m_run.trace.nowNs = m_run.wallNs;
    TraceSource source;
    source.format = QStringLiteral("Interleave run JSON");
    source.madeHere = m_modeKnown;
    m_run.source = std::move(source);
    return std::move(m_run);
}

} // namespace interleave
