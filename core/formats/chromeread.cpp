#include "chromeread.h"

#include <charconv>
#include <cmath>
#include <optional>

namespace interleave {

// One event's fields as read; texts are views of the document or of their own scratch.
struct ChromeEvents::Fields
{
    std::string phText, nameText, catText, argNameText, argStringText, argCallText, argHeldText;
    std::string scratch;
    std::string_view ph, name, cat, argName, argString, argCall, argHeld;
    double ts = 0;
    double dur = 0;
    std::int64_t pid = 0;
    std::int64_t tid = 0;
    std::optional<std::int64_t> osTid; // a thread's OS tid where its row's tid is its own
    bool hasTs = false;
    bool hasDur = false;
    std::string_view pidName, tidName; // pid and tid given as names
    std::string pidText, tidText;
    const char *bad = nullptr; // why a field Interleave needs cannot be read

    void clear()
    {
        ph = name = cat = argName = argString = argCall = argHeld = pidName = tidName = {};
        ts = dur = 0;
        pid = tid = 0;
        osTid.reset();
        hasTs = hasDur = false;
        bad = nullptr;
    }
};

namespace {

// 126 years either way, microseconds since 1970 (about 1.7e15) well inside: nanoseconds in 64
// bits reach twice as far, so that a start plus a duration, or the span between the first
// and the last moment, fit too.
constexpr double kMaxMicroseconds = 4e15;

bool readNumber(json::Reader &r, double *out)
{
    const char c = r.peek();
    if (c == '-' || (c >= '0' && c <= '9')) {
        *out = r.number();
        return std::isfinite(*out) && std::fabs(*out) <= kMaxMicroseconds;
    }
    r.skip();
    return false;
}

// A text, or nothing (passed over) when the value is something else.
std::string_view readText(json::Reader &r, std::string *scratch)
{
    if (r.peek() == '"')
        return r.string(scratch);
    r.skip();
    return {};
}

// A pid or tid: a number, a number written as text, or a name some tools give instead.
bool readId(json::Reader &r, std::int64_t *out, std::string_view *name, std::string *scratch)
{
    if (r.peek() == '"') {
        const std::string_view text = r.string(scratch);
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
        if (ec != std::errc() || end != text.data() + text.size())
            *name = text; // an id is given to it by name
        return !text.empty();
    }
    double v = 0;
    if (!readNumber(r, &v) || std::fabs(v) > 9e18)
        return false;
    *out = std::llround(v);
    return true;
}

// Whole microseconds and the fraction apart: microseconds since 1970 times 1000 would lose
// the nanoseconds in a double.
std::int64_t toNs(double microseconds)
{
    const double whole = std::floor(microseconds);
    return std::int64_t(whole) * 1000 + std::llround((microseconds - whole) * 1e3);
}

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// py-spy names a thread "140245: MainThread": the number is its tid, shown anyway.
QString threadName(std::string_view name)
{
    const auto colon = name.find(": ");
    if (colon != std::string_view::npos && colon > 0 && colon + 2 < name.size() &&
        name.substr(0, colon).find_first_not_of("0123456789") == std::string_view::npos)
        name.remove_prefix(colon + 2);
    return text(name);
}

} // namespace

SpanKind kindOfCall(std::string_view name)
{
    // "fib (/home/me/a.py:3)" (VizTracer), "<built-in function sleep>", "<method 'acquire' of
    // '_thread.lock' objects>", "time.sleep": the function's own name.
    if (const auto paren = name.find(" ("); paren != std::string_view::npos)
        name = name.substr(0, paren);
    if (name.rfind("<method '", 0) == 0) {
        name.remove_prefix(9);
        name = name.substr(0, name.find('\''));
    } else if (name.rfind("<built-in function ", 0) == 0) {
        name.remove_prefix(19);
        name = name.substr(0, name.find('>'));
    }
    if (const auto dot = name.rfind('.'); dot != std::string_view::npos)
        name.remove_prefix(dot + 1);
    if (name == "sleep")
        return SpanKind::Wait;
    if (name == "acquire")
        return SpanKind::LockWait;
    if (name == "join")
        return SpanKind::Join;
    return SpanKind::Python;
}

void ChromeEvents::read(json::Reader &reader, const std::function<void(std::size_t)> &progress)
{
    constexpr std::size_t kProgressBytes = 8 << 20;
    std::size_t told = reader.offset();
    Fields f;
    reader.beginArray();
    while (reader.nextItem()) {
        ++m_read;
        f.clear();
        if (reader.peek() != '{') {
            reader.skip();
            skip("an event is not an object");
            continue;
        }
        readEvent(reader, f);
        if (f.bad != nullptr)
            skip(f.bad);
        else
            apply(f);
        if (reader.offset() - told >= kProgressBytes) {
            told = reader.offset();
            progress(told);
        }
    }
}

void ChromeEvents::readEvent(json::Reader &reader, Fields &f)
{
    std::string_view key;
    reader.beginObject();
    while (reader.nextMember(&key, &f.scratch)) {
        const auto need = [&](bool ok, const char *why) {
            if (!ok && f.bad == nullptr)
                f.bad = why;
        };
        if (key == "ph") {
            f.ph = readText(reader, &f.phText);
        } else if (key == "ts") {
            f.hasTs = readNumber(reader, &f.ts);
            need(f.hasTs, "\"ts\" is not a number of microseconds within ±4e15");
        } else if (key == "dur") {
            f.hasDur = readNumber(reader, &f.dur) && f.dur >= 0;
            need(f.hasDur, "\"dur\" is not a number of microseconds from 0 to 4e15");
        } else if (key == "pid") {
            need(readId(reader, &f.pid, &f.pidName, &f.pidText), "\"pid\" is not an id");
        } else if (key == "tid") {
            need(readId(reader, &f.tid, &f.tidName, &f.tidText), "\"tid\" is not an id");
        } else if (key == "name") {
            f.name = readText(reader, &f.nameText);
        } else if (key == "cat") {
            f.cat = readText(reader, &f.catText);
        } else if (key == "args" && reader.peek() == '{') {
            readArgs(reader, f);
        } else {
            reader.skip();
        }
    }
}

// The arguments Interleave shows: a name (metadata), the text VizTracer printed, and the call
// and GIL holder its own exports name.
void ChromeEvents::readArgs(json::Reader &reader, Fields &f)
{
    std::string_view key;
    reader.beginObject();
    while (reader.nextMember(&key, &f.scratch)) {
        if (key == "name" && reader.peek() == '"')
            f.argName = reader.string(&f.argNameText);
        else if (key == "string" && reader.peek() == '"')
            f.argString = reader.string(&f.argStringText);
        else if (key == "call" && reader.peek() == '"')
            f.argCall = reader.string(&f.argCallText);
        else if (key == "held_by" && reader.peek() == '"')
            f.argHeld = reader.string(&f.argHeldText);
        else if (double tid = 0; key == "os_tid" && readNumber(reader, &tid))
            f.osTid = std::llround(tid);
        else
            reader.skip();
    }
}

void ChromeEvents::skip(const char *why)
{
    if (m_skipped++ == 0)
        m_problem = QString::fromUtf8(why);
}

void ChromeEvents::apply(const Fields &f)
{
    if (f.ph.size() != 1) {
        skip("an event has no one-letter \"ph\"");
        return;
    }
    if (m_writer.isEmpty() && f.cat == "py-spy")
        m_writer = QStringLiteral("py-spy");
    else if (m_writer.isEmpty() && f.cat == "FEE")
        m_writer = QStringLiteral("VizTracer");
    const char ph = f.ph.front();
    if (ph == 'M') {
        if (f.name == "thread_name" && !f.argName.empty()) {
            const TrackId track = trackOf(f);
            m_builder.nameThread(track, threadName(f.argName));
            if (f.osTid)
                m_builder.setOsTid(track, *f.osTid);
            if (f.argName == "GIL: who holds it") // Interleave's own GIL lane
                m_builder.makeGilLane(track);
        } else if (f.name == "process_name" && !f.argName.empty()) {
            m_builder.nameProcess(idOf(f.pid, f.pidName), text(f.argName));
        }
        return;
    }
    if (ph != 'X' && ph != 'B' && ph != 'E' && ph != 'i' && ph != 'I' && ph != 'R')
        return; // counters, flows, async and object events: not shown
    if (!f.hasTs) {
        skip("an event has no \"ts\"");
        return;
    }
    if (ph == 'X' && !f.hasDur) {
        skip("an \"X\" event has no \"dur\"");
        return;
    }
    if (f.cat == "run" && f.name == "run stopped") { // on no thread of the run
        m_stopped = true;
        return;
    }
    const TrackId track = trackOf(f);
    const std::int64_t ns = toNs(f.ts);
    if (ph == 'E') {
        m_builder.end(track, ns);
        return;
    }
    if (ph != 'X' && ph != 'B') {
        applyInstant(f, track, ns);
        return;
    }
    // Interleave's exports name the kind as the category and the call as an argument.
    SpanKind kind = SpanKind::Python;
    TaskId task;
    if (f.cat == "call")
        return; // Interleave's outline of a call around the spans it also writes
    if (f.cat == "gil" && m_builder.isGilLane(track)) {
        kind = SpanKind::Compute; // a holding, as the recorder keeps it
        task = m_builder.call(f.argHeld);
    } else if (const auto own = spanKindFromName(text(f.cat))) {
        kind = *own;
        if (!f.argCall.empty())
            task = m_builder.call(f.argCall);
    } else {
        kind = kindOfCall(f.name);
        task = m_builder.call(f.name);
    }
    if (ph == 'B')
        m_builder.begin(track, task, kind, ns);
    else
        m_builder.span(track, task, kind, ns, ns + toNs(f.dur));
}

// Names given instead of ids get small ids of their own, in the order they come.
std::int64_t ChromeEvents::idOf(std::int64_t id, std::string_view name)
{
    if (name.empty())
        return id;
    constexpr std::int64_t kNamedIds = 1'000'000'000;
    return m_namedIds.try_emplace(std::string(name), kNamedIds + std::int64_t(m_namedIds.size()))
        .first->second;
}

TrackId ChromeEvents::trackOf(const Fields &f)
{
    const std::int64_t pid = idOf(f.pid, f.pidName);
    const TrackId track = m_builder.track(pid, idOf(f.tid, f.tidName));
    if (!f.pidName.empty())
        m_builder.nameProcessIfUnnamed(pid, text(f.pidName));
    if (!f.tidName.empty())
        m_builder.nameThreadIfUnnamed(track, text(f.tidName));
    return track;
}

void ChromeEvents::applyInstant(const Fields &f, TrackId track, std::int64_t ns)
{
    const TaskId task = f.argCall.empty() ? TaskId() : m_builder.call(f.argCall);
    if (f.name == "print" && !f.argString.empty()) { // viztracer --log_print
        m_builder.print(track, ns, text(f.argString));
    } else if (f.cat == "print") { // Interleave's own: a line, then the writes it went out in
        m_builder.event(track, EventKind::Print, ns, text(f.name), task);
    } else if (f.cat == "write") {
        m_builder.event(track, EventKind::Write, ns, text(f.name), task);
    } else if (const auto own = f.cat == "task" ? eventKindFromName(text(f.name)) : std::nullopt) {
        m_builder.event(track, *own, ns, {}, task);
    } else {
        m_builder.event(track, EventKind::Mark, ns, text(f.name), task);
    }
}

} // namespace interleave
