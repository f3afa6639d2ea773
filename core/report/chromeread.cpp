#include "chromeread.h"

#include <cmath>

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
    bool hasTs = false;
    bool bad = false; // a field Interleave reads has the wrong type

    void clear()
    {
        ph = name = cat = argName = argString = argCall = argHeld = {};
        ts = dur = 0;
        pid = tid = 0;
        hasTs = bad = false;
    }
};

namespace {

constexpr double kMaxMicroseconds = 1e15; // 31 years: beyond, a time is not a time

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

bool readText(json::Reader &r, std::string_view *out, std::string *scratch)
{
    if (r.peek() == '"') {
        *out = r.string(scratch);
        return true;
    }
    r.skip();
    return false;
}

// A pid or tid: a number, or a name some tools write instead (kept apart by a hash).
bool readId(json::Reader &r, std::int64_t *out, std::string *scratch)
{
    if (r.peek() == '"') {
        *out = std::int64_t(std::hash<std::string_view>()(r.string(scratch)) >> 12);
        return true;
    }
    double v = 0;
    if (!readNumber(r, &v))
        return false;
    *out = std::llround(v);
    return true;
}

std::int64_t toNs(double microseconds)
{
    return std::llround(microseconds * 1e3);
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
            ++m_skipped;
            continue;
        }
        readEvent(reader, f);
        if (f.bad)
            ++m_skipped;
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
        if (key == "ph")
            f.bad |= !readText(reader, &f.ph, &f.phText);
        else if (key == "ts")
            f.bad |= !(f.hasTs = readNumber(reader, &f.ts));
        else if (key == "dur")
            f.bad |= !readNumber(reader, &f.dur);
        else if (key == "pid")
            f.bad |= !readId(reader, &f.pid, &f.scratch);
        else if (key == "tid")
            f.bad |= !readId(reader, &f.tid, &f.scratch);
        else if (key == "name")
            f.bad |= !readText(reader, &f.name, &f.nameText);
        else if (key == "cat")
            f.bad |= !readText(reader, &f.cat, &f.catText);
        else if (key == "args" && reader.peek() == '{')
            readArgs(reader, f);
        else
            reader.skip();
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
        else
            reader.skip();
    }
}

void ChromeEvents::apply(const Fields &f)
{
    if (f.ph.size() != 1) {
        ++m_skipped;
        return;
    }
    if (m_writer.isEmpty() && f.cat == "py-spy")
        m_writer = QStringLiteral("py-spy");
    else if (m_writer.isEmpty() && f.cat == "FEE")
        m_writer = QStringLiteral("VizTracer");
    const char ph = f.ph.front();
    if (ph == 'M') {
        if (f.name == "thread_name" && !f.argName.empty()) {
            const TrackId track = m_builder.track(f.pid, f.tid);
            m_builder.nameThread(track, threadName(f.argName));
            if (f.argName == "GIL: who holds it") // Interleave's own GIL lane
                m_builder.makeGilLane(track);
        } else if (f.name == "process_name" && !f.argName.empty()) {
            m_builder.nameProcess(f.pid, text(f.argName));
        }
        return;
    }
    if (ph != 'X' && ph != 'B' && ph != 'E' && ph != 'i' && ph != 'I' && ph != 'R')
        return; // counters, flows, async and object events: not shown
    if (!f.hasTs) {
        ++m_skipped;
        return;
    }
    if (f.cat == "run" && f.name == "run stopped") { // on no thread of the run
        m_stopped = true;
        return;
    }
    const TrackId track = m_builder.track(f.pid, f.tid);
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
    if (f.cat == "gil") {
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
        m_builder.span(track, task, kind, ns, ns + std::max<std::int64_t>(toNs(f.dur), 0));
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
