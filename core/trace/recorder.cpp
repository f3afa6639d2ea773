#include "recorder.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace interleave {

TrackWriter::TrackWriter(TrackId id, Pid pid, Tid tid, QString name, TrackRole role)
    : m_id(id), m_pid(pid), m_name(std::move(name)), m_role(role), m_tid(tid.value())
{}

// A sequence lock without fences (ThreadSanitizer cannot check fences): the counter moves
// by read-modify-writes, fields are written with release and read with acquire, so a reader
// that sees any field of a write also sees the counter that write made odd.
void TrackWriter::begin(TaskId task, SpanKind kind, clock::Ticks start)
{
    if (m_current && m_inBackground) {
        // The background gives way. A sliver of it (two clock reads between one span's end
        // and the next's start) goes to the new span instead: nothing ran in it.
        if (start - std::min(start, m_current->start) < kSliverTicks)
            start = std::min(start, m_current->start);
        else
            span(m_current->task, m_current->kind, m_current->start, start);
    }
    m_inBackground = false;
    publishOpen(task, kind, start);
}

void TrackWriter::publishOpen(TaskId task, SpanKind kind, clock::Ticks start)
{
    m_current = Open{task, kind, start};
    m_openSeq.fetch_add(1, std::memory_order_acq_rel);
    m_openStart.store(start, std::memory_order_release);
    m_openTask.store(task.value(), std::memory_order_release);
    m_openKind.store(static_cast<int>(kind), std::memory_order_release);
    m_openSeq.fetch_add(1, std::memory_order_release);
}

void TrackWriter::end(clock::Ticks endTicks)
{
    if (!m_current)
        return;
    span(m_current->task, m_current->kind, m_current->start, endTicks);
    if (m_background && !m_inBackground) {
        publishOpen(m_background->task, m_background->kind, std::max(endTicks, m_current->start));
        m_inBackground = true;
        return;
    }
    publishClosed();
}

void TrackWriter::publishClosed()
{
    m_current.reset();
    m_inBackground = false;
    m_openSeq.fetch_add(1, std::memory_order_acq_rel);
    m_openKind.store(-1, std::memory_order_release);
    m_openSeq.fetch_add(1, std::memory_order_release);
}

void TrackWriter::setBackground(TaskId task, SpanKind kind, clock::Ticks start)
{
    closeBackground(start);
    m_background = Open{task, kind, start};
    if (!m_current) {
        publishOpen(task, kind, start);
        m_inBackground = true;
    }
}

void TrackWriter::clearBackground(clock::Ticks end)
{
    closeBackground(end);
    m_background.reset();
}

void TrackWriter::closeBackground(clock::Ticks end)
{
    if (!m_current || !m_inBackground)
        return;
    if (end >= m_current->start + kSliverTicks)
        span(m_current->task, m_current->kind, m_current->start, end);
    publishClosed();
}

std::optional<TrackWriter::Open> TrackWriter::readOpen() const
{
    for (;;) {
        const std::uint32_t before = m_openSeq.load(std::memory_order_acquire);
        if (before % 2 != 0)
            continue; // being written
        const int kind = m_openKind.load(std::memory_order_acquire);
        const clock::Ticks start = m_openStart.load(std::memory_order_acquire);
        const TaskId::value_type task = m_openTask.load(std::memory_order_acquire);
        if (m_openSeq.load(std::memory_order_acquire) != before)
            continue;
        if (kind < 0)
            return std::nullopt;
        return Open{TaskId(task), static_cast<SpanKind>(kind), start};
    }
}

Recorder::Recorder() : m_origin(clock::takeAnchor()) {}

TrackWriter &Recorder::addTrack(Pid pid, Tid tid, QString name, TrackRole role)
{
    std::lock_guard lock(m_tracksMutex);
    const TrackId id(static_cast<TrackId::value_type>(m_tracks.size()));
    m_tracks.push_back(std::make_unique<TrackWriter>(id, pid, tid, std::move(name), role));
    return *m_tracks.back();
}

void Recorder::setInfo(std::shared_ptr<const RunInfo> info)
{
    std::lock_guard lock(m_tracksMutex);
    m_info = std::move(info);
}

namespace {
// Room for `more` items, growing at least by half so that many small drains stay linear.
template <typename T> void reserveFor(std::vector<T> &v, std::size_t more)
{
    const std::size_t needed = v.size() + more;
    if (needed > v.capacity())
        v.reserve(std::max(needed, v.capacity() + v.capacity() / 2));
}

// Puts events in time order, stably, where `starts` begins each track's run of them and ends
// with the last event's end. A thread's own events are in order already (its tick reads rise,
// bar a CPU migration's skew, which a run sorted on its own mends), so the runs are merged
// pairwise: the order a stable sort of all of them gives, at n log(runs) instead of n log n.
void sortByTime(std::vector<Event> &events, std::vector<std::size_t> starts)
{
    const auto earlier = [](const Event &a, const Event &b) { return a.timeNs < b.timeNs; };
    const auto at = [&](std::size_t i) { return events.begin() + std::ptrdiff_t(i); };
    for (std::size_t r = 0; r + 1 < starts.size(); ++r) {
        if (!std::is_sorted(at(starts[r]), at(starts[r + 1]), earlier))
            std::stable_sort(at(starts[r]), at(starts[r + 1]), earlier);
    }
    while (starts.size() > 2) {
        std::size_t kept = 0;
        for (std::size_t r = 0; r + 1 < starts.size(); r += 2) {
            if (r + 2 < starts.size() && earlier(*at(starts[r + 1]), *at(starts[r + 1] - 1)))
                std::inplace_merge(at(starts[r]), at(starts[r + 1]), at(starts[r + 2]), earlier);
            starts[kept++] = starts[r];
        }
        starts[kept++] = starts.back();
        starts.resize(kept);
    }
}

// Where a track's events begin, for sortByTime: only non-empty runs count.
void markRun(std::vector<std::size_t> &starts, std::size_t at)
{
    if (starts.empty() || starts.back() != at)
        starts.push_back(at);
}
} // namespace

void Recorder::addNewTracks(Cursor &cursor, Trace &out) const
{
    const std::size_t firstNew = cursor.tracks.size();
    {
        std::lock_guard lock(m_tracksMutex);
        out.info = m_info;
        for (std::size_t i = firstNew; i < m_tracks.size(); ++i) {
            cursor.tracks.push_back(m_tracks[i].get());
            cursor.active.push_back(std::uint32_t(i));
        }
    }
    // All of them for a Trace this cursor has not filled before.
    if (out.tracks.size() != firstNew)
        out.tracks.clear();
    for (std::size_t i = out.tracks.size(); i < cursor.tracks.size(); ++i) {
        const TrackWriter &w = *cursor.tracks[i];
        out.tracks.push_back(
            {w.m_id, w.m_pid, Tid(w.m_tid.load(std::memory_order_acquire)), w.m_name, w.m_role});
    }
    cursor.spans.resize(cursor.tracks.size());
    cursor.events.resize(cursor.tracks.size());
}

void Recorder::drain(Cursor &cursor, Trace &out, std::size_t budget) const
{
    // Take the anchor first: everything read below was recorded before it, so its ticks are
    // interpolated, never extrapolated.
    const clock::Anchor now = clock::takeAnchor();
    const clock::TickMapping mapping(m_origin, now);
    addNewTracks(cursor, out);
    const std::vector<Published> published = publishedNow(cursor);
    std::size_t newSpans = 0, newEvents = 0;
    for (const Published &p : published) {
        newSpans += p.newSpans;
        newEvents += p.newEvents;
    }
    // A run may record millions of items a second, faster than they can be taken in. A drain
    // takes about `budget` at most, the rest waits for the next: a live update's cost is
    // bounded, and the room for it, reused from one drain to the next, stays warm. It reads
    // every track up to one moment, so that lines come in order from one drain to the next.
    const clock::Ticks until = newSpans + newEvents > budget
                                   ? cutOff(cursor, published, newSpans + newEvents, budget)
                                   : std::numeric_limits<clock::Ticks>::max();
    // Room for all it reads at once: growing by doubling would move every span and event (and
    // fault in fresh pages) again and again.
    reserveFor(out.spans, std::min(newSpans, budget));
    reserveFor(out.events, std::min(newEvents, budget));
    out.open.clear();
    out.nowNs = mapping.toRelativeNs(now.ticks);
    std::size_t kept = 0;
    std::vector<std::size_t> runs;
    for (std::size_t a = 0; a < cursor.active.size(); ++a) {
        const std::uint32_t i = cursor.active[a];
        const TrackWriter &w = *cursor.tracks[i];
        const Published &p = published[a];
        markRun(runs, out.events.size());
        out.tracks[i].tid = Tid(w.m_tid.load(std::memory_order_acquire));
        w.m_spans.readWhile(
            cursor.spans[i], p.spans, [&](const TrackWriter::RawSpan &s) { return s.end <= until; },
            [&](const TrackWriter::RawSpan &s) {
                out.spans.push_back({w.m_id, TaskId(s.task), s.kind, mapping.toRelativeNs(s.start),
                                     mapping.toRelativeNs(s.end)});
            });
        if (const auto open = w.readOpen())
            out.open.push_back({w.m_id, open->task, open->kind, mapping.toRelativeNs(open->start)});
        w.m_events.readWhile(
            cursor.events[i], p.events,
            [&](const TrackWriter::RawEvent &e) { return e.time <= until; },
            [&](const TrackWriter::RawEvent &e) {
                out.events.push_back(
                    {w.m_id, TaskId(e.task), e.kind, mapping.toRelativeNs(e.time), e.text});
            });
        const bool readAll =
            cursor.spans[i].consumed >= p.spans && cursor.events[i].consumed >= p.events;
        if (!p.finished || !readAll)
            cursor.active[kept++] = i;
    }
    cursor.active.resize(kept);
    markRun(runs, out.events.size());
    sortByTime(out.events, std::move(runs));
}

// Whether a track had finished is read before its logs' sizes: a track finished then has
// published everything it will.
std::vector<Recorder::Published> Recorder::publishedNow(const Cursor &cursor)
{
    // (Nothing is new once the logs were taken: their size is 0, below any cursor.)
    const auto unread = [](std::size_t size, std::size_t consumed) {
        return size > consumed ? size - consumed : 0;
    };
    std::vector<Published> published;
    published.reserve(cursor.active.size());
    for (std::uint32_t i : cursor.active) {
        const TrackWriter &w = *cursor.tracks[i];
        Published p;
        p.finished = w.m_finished.load(std::memory_order_acquire);
        p.spans = w.m_spans.size();
        p.events = w.m_events.size();
        p.newSpans = unread(p.spans, cursor.spans[i].consumed);
        p.newEvents = unread(p.events, cursor.events[i].consumed);
        published.push_back(p);
    }
    return published;
}

// The moment a drain over budget reads to: the earliest of the moments where each track's
// share of the budget (its part of what is new) ends.
clock::Ticks Recorder::cutOff(const Cursor &cursor, const std::vector<Published> &published,
                              std::size_t total, std::size_t budget)
{
    const double share = double(budget) / double(total);
    clock::Ticks until = std::numeric_limits<clock::Ticks>::max();
    const auto cut = [&](const auto &log, const auto &at, std::size_t unread, auto tick) {
        const auto n = static_cast<std::size_t>(std::ceil(double(unread) * share));
        if (n < unread)
            until = std::min(until, tick(log.peek(at, n - 1)));
    };
    for (std::size_t a = 0; a < cursor.active.size(); ++a) {
        const std::uint32_t i = cursor.active[a];
        const TrackWriter &w = *cursor.tracks[i];
        cut(w.m_spans, cursor.spans[i], published[a].newSpans,
            [](const TrackWriter::RawSpan &s) { return s.end; });
        cut(w.m_events, cursor.events[i], published[a].newEvents,
            [](const TrackWriter::RawEvent &e) { return e.time; });
    }
    return until;
}

Trace Recorder::snapshot() const
{
    Cursor cursor;
    Trace trace;
    drain(cursor, trace, std::numeric_limits<std::size_t>::max());
    trace.sortSpans();
    return trace;
}

Trace Recorder::take()
{
    const clock::Anchor now = clock::takeAnchor();
    const clock::TickMapping mapping(m_origin, now);
    std::lock_guard lock(m_tracksMutex);
    Trace out;
    out.info = m_info;
    out.nowNs = mapping.toRelativeNs(now.ticks);
    std::size_t spans = 0, events = 0;
    for (const auto &w : m_tracks) {
        spans += w->m_spans.size();
        events += w->m_events.size();
    }
    out.spans.reserve(spans);
    out.events.reserve(events);
    std::vector<std::size_t> runs;
    for (const auto &track : m_tracks) {
        TrackWriter &w = *track;
        markRun(runs, out.events.size());
        out.tracks.push_back(
            {w.m_id, w.m_pid, Tid(w.m_tid.load(std::memory_order_acquire)), w.m_name, w.m_role});
        w.m_spans.consume([&](TrackWriter::RawSpan &&s) {
            out.spans.push_back({w.m_id, TaskId(s.task), s.kind, mapping.toRelativeNs(s.start),
                                 mapping.toRelativeNs(s.end)});
        });
        if (const auto open = w.readOpen())
            out.open.push_back({w.m_id, open->task, open->kind, mapping.toRelativeNs(open->start)});
        w.m_events.consume([&](TrackWriter::RawEvent &&e) {
            out.events.push_back(
                {w.m_id, TaskId(e.task), e.kind, mapping.toRelativeNs(e.time), std::move(e.text)});
        });
    }
    markRun(runs, out.events.size());
    sortByTime(out.events, std::move(runs));
    out.sortSpans();
    return out;
}

} // namespace interleave
