#include "storedtrace.h"

namespace interleave {

namespace {

void encodeText(wire::Encoder &e, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    e.vstr(std::string_view(utf8.constData(), std::size_t(utf8.size())));
}

QString decodeText(wire::Decoder &d)
{
    return QString::fromStdString(d.vstr());
}

// A call's number, one more so that "no call" (the largest) is the shortest.
std::uint64_t taskCode(TaskId task)
{
    return std::uint32_t(task.value() + 1);
}

TaskId taskFromCode(std::uint64_t code)
{
    return TaskId(TaskId::value_type(code - 1));
}

// A time or a difference of times a Span can hold (checked before it is added to another).
bool withinRange(std::int64_t ns)
{
    return ns >= -Span::kMaxNs && ns <= Span::kMaxNs;
}

// A count read before its items: no more than the bytes left could hold.
bool countFits(wire::Decoder &d, std::uint64_t count, std::size_t leastBytesEach)
{
    return d.ok() && count <= d.remaining() / leastBytesEach;
}

// The calls follow four fields the format keeps for what the run was (workload, mode,
// options, pid), which the stored run's header holds: written empty, passed over when read.
void encodeInfo(wire::Encoder &e, const RunInfo &info)
{
    encodeText(e, {});
    encodeText(e, {});
    e.var(0);
    e.svar(0);
    e.var(info.calls.size());
    for (const CallInfo &c : info.calls) {
        encodeText(e, c.function);
        encodeText(e, c.args);
        e.u8(c.named ? 1 : 0);
    }
}

std::shared_ptr<const RunInfo> decodeInfo(wire::Decoder &d)
{
    auto info = std::make_shared<RunInfo>();
    decodeText(d);
    decodeText(d);
    const std::uint64_t options = d.var();
    if (!countFits(d, options, 1))
        return nullptr;
    for (std::uint64_t i = 0; i < options; ++i)
        decodeText(d);
    d.svar();
    const std::uint64_t calls = d.var();
    if (!countFits(d, calls, 3))
        return nullptr;
    info->calls.reserve(calls);
    for (std::uint64_t i = 0; i < calls; ++i) {
        CallInfo call;
        call.function = decodeText(d);
        call.args = decodeText(d);
        call.named = d.u8() == 1;
        info->calls.push_back(std::move(call));
    }
    return d.ok() ? std::shared_ptr<const RunInfo>(std::move(info)) : nullptr;
}

bool decodeSpans(wire::Decoder &d, Trace *t)
{
    const std::uint64_t count = d.var();
    if (!countFits(d, count, 5))
        return false;
    t->spans.reserve(count);
    std::int64_t start = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint64_t track = d.var();
        const TaskId task = taskFromCode(d.var());
        const std::uint8_t kind = d.u8();
        const std::int64_t step = d.svar();
        const std::uint64_t length = d.var();
        if (!d.ok() || track >= t->tracks.size() || kind >= kSpanKindCount || !withinRange(step) ||
            !withinRange(start + step) || length > std::uint64_t(Span::kMaxNs - (start + step)))
            return false;
        start += step;
        t->spans.push_back({TrackId(TrackId::value_type(track)), task, SpanKind(kind), start,
                            start + std::int64_t(length)});
    }
    return true;
}

bool decodeEvents(wire::Decoder &d, Trace *t)
{
    const std::uint64_t count = d.var();
    if (!countFits(d, count, 5))
        return false;
    t->events.reserve(count);
    std::int64_t time = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint64_t track = d.var();
        const TaskId task = taskFromCode(d.var());
        const std::uint8_t kind = d.u8();
        const std::int64_t step = d.svar();
        QString text = decodeText(d);
        if (!d.ok() || track >= t->tracks.size() || kind >= kEventKindCount || !withinRange(step) ||
            !withinRange(time + step))
            return false;
        time += step;
        t->events.push_back(
            {TrackId(TrackId::value_type(track)), task, EventKind(kind), time, std::move(text)});
    }
    return true;
}

} // namespace

std::size_t encodedTraceSize(const Trace &t)
{
    return 64 + t.tracks.size() * 40 + t.spans.size() * 12 + t.events.size() * 10 +
           (t.info ? t.info->calls.size() * 32 : 0);
}

void encodeTrace(wire::Encoder &e, const Trace &t)
{
    e.var(t.tracks.size());
    for (const TrackInfo &k : t.tracks) {
        e.svar(k.pid.value()).svar(k.tid.value());
        encodeText(e, k.name);
        e.u8(k.role == TrackRole::Gil ? 1 : 0);
    }
    e.var(t.spans.size());
    std::int64_t start = 0;
    for (const Span &s : t.spans) {
        e.var(s.track.value()).var(taskCode(s.task)).u8(std::uint8_t(s.kind));
        e.svar(s.startNs - start).var(std::uint64_t(s.endNs - s.startNs));
        start = s.startNs;
    }
    e.var(t.events.size());
    std::int64_t time = 0;
    for (const Event &v : t.events) {
        e.var(v.track.value()).var(taskCode(v.task)).u8(std::uint8_t(v.kind));
        e.svar(v.timeNs - time);
        encodeText(e, v.text);
        time = v.timeNs;
    }
    e.svar(t.nowNs);
    e.u8(t.info ? 1 : 0);
    if (t.info)
        encodeInfo(e, *t.info);
}

bool decodeTrace(wire::Decoder &d, Trace *t)
{
    const std::uint64_t tracks = d.var();
    if (!countFits(d, tracks, 4))
        return false;
    for (std::uint64_t i = 0; i < tracks; ++i) {
        const Pid pid(d.svar());
        const Tid tid(d.svar());
        QString name = decodeText(d);
        const std::uint8_t role = d.u8();
        if (!d.ok() || role > 1)
            return false;
        t->tracks.push_back({TrackId(TrackId::value_type(i)), pid, tid, std::move(name),
                             role == 1 ? TrackRole::Gil : TrackRole::Thread});
    }
    if (!decodeSpans(d, t) || !decodeEvents(d, t))
        return false;
    t->sortSpans(); // bytes edited by hand are put in order rather than shown in part
    t->nowNs = d.svar();
    const std::uint8_t hasInfo = d.u8();
    if (hasInfo == 1)
        t->info = decodeInfo(d);
    return d.ok() && hasInfo <= 1 && (hasInfo == 0 || t->info != nullptr);
}

} // namespace interleave
