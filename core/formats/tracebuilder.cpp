#include "tracebuilder.h"

#include <algorithm>

namespace interleave {

void TraceBuilder::seen(std::int64_t ns)
{
    m_firstNs = std::min(m_firstNs, ns);
    m_lastNs = std::max(m_lastNs, ns);
}

TrackId TraceBuilder::track(std::int64_t pid, std::int64_t tid)
{
    const auto [it, added] = m_byThread.try_emplace({pid, tid}, TrackId(m_tracks.size()));
    if (added) {
        m_tracks.push_back({it->second, Pid(pid), Tid(tid), QStringLiteral("Thread %1").arg(tid),
                            TrackRole::Thread});
        m_threads.emplace_back();
        if (std::find(m_pids.begin(), m_pids.end(), pid) == m_pids.end())
            m_pids.push_back(pid);
    }
    return it->second;
}

void TraceBuilder::nameThread(TrackId track, const QString &name)
{
    m_tracks[track.value()].name = name.left(kMaxNameLength);
    m_threads[track.value()].named = true;
}

void TraceBuilder::nameThreadIfUnnamed(TrackId track, const QString &name)
{
    if (!m_threads[track.value()].named)
        nameThread(track, name);
}

void TraceBuilder::makeGilLane(TrackId track)
{
    // As the recorder keeps a lane: no thread of its own.
    m_tracks[track.value()].role = TrackRole::Gil;
    m_tracks[track.value()].name = QStringLiteral("GIL");
    m_tracks[track.value()].tid = Tid(0);
}

void TraceBuilder::nameProcess(std::int64_t pid, const QString &name)
{
    m_processNames[pid] = name.left(kMaxNameLength);
}

void TraceBuilder::nameProcessIfUnnamed(std::int64_t pid, const QString &name)
{
    if (m_processNames.count(pid) == 0)
        nameProcess(pid, name);
}

TaskId TraceBuilder::call(std::string_view name)
{
    const auto [it, added] = m_callIds.try_emplace(std::string(name), m_calls.size());
    if (added) {
        CallInfo info;
        info.function = QString::fromUtf8(name.data(), qsizetype(name.size()));
        info.named = true;
        m_calls.push_back(std::move(info));
    }
    return TaskId(it->second);
}

void TraceBuilder::span(TrackId track, TaskId task, SpanKind kind, std::int64_t startNs,
                        std::int64_t endNs)
{
    endNs = std::max(endNs, startNs);
    seen(startNs);
    seen(endNs);
    m_threads[track.value()].spans.push_back({startNs, endNs, task.value(), kind});
    ++m_spanCount;
}

void TraceBuilder::begin(TrackId track, TaskId task, SpanKind kind, std::int64_t ns)
{
    seen(ns);
    m_threads[track.value()].marks.push_back({ns, task.value(), kind, false});
    ++m_spanCount;
}

void TraceBuilder::end(TrackId track, std::int64_t ns)
{
    seen(ns);
    m_threads[track.value()].marks.push_back({ns, TaskId::kInvalid, SpanKind::Python, true});
}

// The marks in time order (those at one moment as the file gave them), each end closing the
// innermost span open; an end with nothing open (the file began inside a call) is passed
// over, and a span never ended ends at the file's last moment.
void TraceBuilder::pairMarks(Thread &thread)
{
    std::stable_sort(thread.marks.begin(), thread.marks.end(),
                     [](const Mark &a, const Mark &b) { return a.ns < b.ns; });
    std::vector<std::size_t> open;
    for (const Mark &m : thread.marks) {
        if (!m.end) {
            open.push_back(thread.spans.size());
            thread.spans.push_back({m.ns, m.ns, m.task, m.kind});
        } else if (!open.empty()) {
            thread.spans[open.back()].endNs = m.ns;
            open.pop_back();
        }
    }
    for (const std::size_t i : open)
        thread.spans[i].endNs = m_lastNs;
    std::vector<Mark>().swap(thread.marks);
}

void TraceBuilder::event(TrackId track, EventKind kind, std::int64_t ns, QString text, TaskId task)
{
    seen(ns);
    m_events.push_back({track, task, kind, ns, std::move(text)});
}

void TraceBuilder::print(TrackId track, std::int64_t ns, const QString &text, TaskId task)
{
    event(track, EventKind::Write, ns, text, task);
    QStringList lines = text.split(QLatin1Char('\n'));
    if (text.endsWith(QLatin1Char('\n')))
        lines.removeLast();
    for (QString &line : lines)
        event(track, EventKind::Print, ns, std::move(line), task);
}

std::size_t TraceBuilder::threadCount() const
{
    return std::size_t(std::count_if(m_tracks.begin(), m_tracks.end(), [](const TrackInfo &t) {
        return t.role == TrackRole::Thread;
    }));
}

namespace {

// Innermost wins: sorted by start (an enclosing span before the spans it encloses; of two
// alike, the one begun first), each span shows where none begun after it is going on. A span
// that outlives the one it began in (they overlap without nesting) shows to its own end.
// `piece(from, to, span)` is called for each stretch, in time order; pieces of one call
// that meet are one.
template <typename Raw, typename Piece> void sweep(const std::vector<Raw> &raw, Piece &&piece)
{
    bool any = false;
    Raw last{};
    const auto emit = [&](std::int64_t from, std::int64_t to, const Raw &r) {
        if (to <= from)
            return;
        if (any && last.endNs == from && last.task == r.task && last.kind == r.kind) {
            last.endNs = to;
            return;
        }
        if (any)
            piece(last);
        any = true;
        last = {from, to, r.task, r.kind};
    };
    std::vector<Raw> stack;
    std::int64_t cursor = INT64_MIN;
    const auto closeUntil = [&](std::int64_t ns) {
        while (!stack.empty() && stack.back().endNs <= ns) {
            emit(cursor, stack.back().endNs, stack.back());
            cursor = std::max(cursor, stack.back().endNs);
            stack.pop_back();
        }
    };
    for (const Raw &r : raw) {
        closeUntil(r.startNs);
        if (!stack.empty())
            emit(cursor, r.startNs, stack.back());
        cursor = std::max(cursor, r.startNs);
        stack.push_back(r);
    }
    closeUntil(INT64_MAX);
    if (any)
        piece(last);
}

} // namespace

void TraceBuilder::sortSpans(std::vector<Raw> &raw)
{
    std::stable_sort(raw.begin(), raw.end(), [](const Raw &a, const Raw &b) {
        return a.startNs != b.startNs ? a.startNs < b.startNs : a.endNs > b.endNs;
    });
}

std::size_t TraceBuilder::flatCount(const std::vector<Raw> &raw)
{
    std::size_t count = 0;
    sweep(raw, [&](const Raw &) { ++count; });
    return count;
}

void TraceBuilder::flatten(const std::vector<Raw> &raw, TrackId track, std::int64_t originNs,
                           std::vector<Span> &out)
{
    sweep(raw, [&](const Raw &r) {
        out.push_back({track, TaskId(r.task), r.kind, r.startNs - originNs, r.endNs - originNs});
    });
}

void TraceBuilder::resolveHolders(Trace &trace) const
{
    for (Span &s : trace.spans) {
        const TrackInfo &lane = trace.tracks[s.track.value()];
        if (lane.role != TrackRole::Gil || !s.task.isValid())
            continue;
        const QString &holder = m_calls[s.task.value()].function;
        const auto it = std::find_if(trace.tracks.begin(), trace.tracks.end(), [&](const auto &t) {
            return t.pid == lane.pid && t.role == TrackRole::Thread && t.name == holder;
        });
        s.task = it != trace.tracks.end() ? TaskId(it->id.value()) : TaskId();
    }
}

// The threads of each process in the order of their ids (a file lists them as its events
// come), processes in the order they appeared; or as they came.
std::vector<std::size_t> TraceBuilder::threadOrder(bool byTid) const
{
    std::vector<std::size_t> order(m_tracks.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    const auto process = [&](std::size_t i) {
        return std::find(m_pids.begin(), m_pids.end(), m_tracks[i].pid.value()) - m_pids.begin();
    };
    if (byTid) {
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            const auto pa = process(a), pb = process(b);
            return pa != pb ? pa < pb : m_tracks[a].tid < m_tracks[b].tid;
        });
    }
    return order;
}

Trace TraceBuilder::finish(std::int64_t originNs, bool sortThreads)
{
    Trace trace;
    const std::vector<std::size_t> order = threadOrder(sortThreads);
    std::vector<TrackId> renamed(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        renamed[order[i]] = TrackId(i);
        trace.tracks.push_back(m_tracks[order[i]]);
        trace.tracks.back().id = TrackId(i);
    }
    // Counted first, so that the flat spans take no more room than they need.
    std::size_t spans = 0;
    for (Thread &t : m_threads) {
        pairMarks(t);
        sortSpans(t.spans);
        spans += flatCount(t.spans);
    }
    trace.spans.reserve(spans);
    for (std::size_t i = 0; i < order.size(); ++i) {
        Thread &t = m_threads[order[i]];
        flatten(t.spans, TrackId(i), originNs, trace.spans);
        std::vector<Raw>().swap(t.spans); // the raw spans go as the flat ones come
    }
    for (Event &e : m_events)
        e.track = renamed[e.track.value()];
    resolveHolders(trace);
    std::stable_sort(m_events.begin(), m_events.end(),
                     [](const Event &a, const Event &b) { return a.timeNs < b.timeNs; });
    for (Event &e : m_events)
        e.timeNs -= originNs;
    trace.events = std::move(m_events);
    for (std::int64_t pid : m_pids) {
        const auto name = m_processNames.find(pid);
        trace.processes.push_back({Pid(pid), name != m_processNames.end()
                                                 ? name->second
                                                 : QStringLiteral("process %1").arg(pid)});
    }
    auto info = std::make_shared<RunInfo>();
    info->calls = std::move(m_calls);
    trace.info = std::move(info);
    trace.nowNs = m_lastNs == INT64_MIN ? 0 : m_lastNs - originNs;
    return trace;
}

} // namespace interleave
