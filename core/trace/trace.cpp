#include "trace.h"

#include "enumnames.h"

#include <algorithm>
#include <array>
#include <deque>
#include <map>

namespace interleave {

namespace {
constexpr auto kSpanKindNames = [] {
    std::array<const char *, kSpanKindCount> names{};
    for (std::size_t i = 0; i < names.size(); ++i)
        names[i] = kSpanKinds[i].name;
    return names;
}();
constexpr std::array<const char *, kEventKindCount> kEventKindNames = {
    "print",  "task-submitted", "task-started", "task-finished", "process-exited",
    "stderr", "write",          "deadlock",     "mark"};
} // namespace

QString spanKindName(SpanKind kind)
{
    return enumName(kSpanKindNames, kind);
}

QString spanKindDescription(SpanKind kind)
{
    return QString::fromUtf8(traitsOf(kind).words);
}

QString eventKindName(EventKind kind)
{
    return enumName(kEventKindNames, kind);
}

std::optional<SpanKind> spanKindFromName(const QString &name)
{
    return enumFromName<SpanKind>(kSpanKindNames, name);
}

std::optional<EventKind> eventKindFromName(const QString &name)
{
    return enumFromName<EventKind>(kEventKindNames, name);
}

QString RunInfo::label(TaskId task) const
{
    return task.isValid() && task.value() < calls.size() ? calls[task.value()].label() : QString();
}

void Trace::sortSpans()
{
    // No sort's buffer of another copy of every span when none is needed: a recorder's drain
    // takes each track's spans in the order they were recorded, their order in time.
    const auto before = [](const Span &a, const Span &b) {
        return a.track != b.track ? a.track < b.track : a.startNs < b.startNs;
    };
    if (!std::is_sorted(spans.begin(), spans.end(), before))
        std::stable_sort(spans.begin(), spans.end(), before);
}

std::size_t Trace::threadCount() const
{
    return std::size_t(std::count_if(tracks.begin(), tracks.end(), [](const TrackInfo &t) {
        return t.role == TrackRole::Thread;
    }));
}

std::size_t Trace::processCount() const
{
    std::vector<Pid> pids;
    for (const TrackInfo &t : tracks)
        pids.push_back(t.pid);
    std::sort(pids.begin(), pids.end());
    return std::size_t(std::unique(pids.begin(), pids.end()) - pids.begin());
}

const TrackInfo *Trace::track(TrackId id) const
{
    return id.isValid() && id.value() < tracks.size() ? &tracks[id.value()] : nullptr;
}

std::vector<const Event *> Trace::output() const
{
    std::vector<const Event *> lines;
    for (const Event &e : events) {
        if (e.kind == EventKind::Print)
            lines.push_back(&e);
    }
    return lines;
}

std::vector<const Event *> Trace::writes() const
{
    std::vector<const Event *> out;
    for (const Event &e : events) {
        if (e.kind == EventKind::Write)
            out.push_back(&e);
    }
    return out;
}

std::vector<const Event *> Trace::writesAsStreamed(const QByteArray &stream) const
{
    std::map<TrackId, std::deque<const Event *>> pending; // each writer's, in its own order
    std::size_t left = 0;
    for (const Event *e : writes()) {
        pending[e->track].push_back(e);
        ++left;
    }
    std::vector<const Event *> ordered;
    ordered.reserve(left);
    qsizetype at = 0;
    while (left > 0) {
        const Event *next = nullptr;
        for (const auto &[track, queue] : pending) {
            if (queue.empty())
                continue;
            const Event *head = queue.front();
            const QByteArray bytes = head->text.toUtf8();
            const bool matches = stream.mid(at, bytes.size()) == bytes;
            if (matches && (next == nullptr || head->timeNs < next->timeNs))
                next = head;
        }
        if (next == nullptr) {
            // Bytes that do not match (split characters, a truncated stream): the stamps decide.
            std::vector<const Event *> rest;
            for (const auto &[track, queue] : pending)
                rest.insert(rest.end(), queue.begin(), queue.end());
            std::stable_sort(rest.begin(), rest.end(),
                             [](const Event *a, const Event *b) { return a->timeNs < b->timeNs; });
            ordered.insert(ordered.end(), rest.begin(), rest.end());
            break;
        }
        at += next->text.toUtf8().size();
        pending[next->track].pop_front();
        ordered.push_back(next);
        --left;
    }
    return ordered;
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
        totals[s.track.value()].byKind[static_cast<std::size_t>(s.kind)] += s.durationNs();
    }
    return totals;
}

} // namespace interleave
