#include "recorder.h"

#include <algorithm>

namespace interleave {

TrackWriter::TrackWriter(TrackId id, Pid pid, Tid tid, QString name)
    : m_id(id), m_pid(pid), m_name(std::move(name)), m_tid(tid.value())
{}

Recorder::Recorder() : m_origin(clock::takeAnchor()) {}

TrackWriter &Recorder::addTrack(Pid pid, Tid tid, QString name)
{
    std::lock_guard lock(m_tracksMutex);
    const TrackId id(static_cast<TrackId::value_type>(m_tracks.size()));
    m_tracks.push_back(std::make_unique<TrackWriter>(id, pid, tid, std::move(name)));
    return *m_tracks.back();
}

std::vector<TrackWriter *> Recorder::writers() const
{
    std::lock_guard lock(m_tracksMutex);
    std::vector<TrackWriter *> result;
    result.reserve(m_tracks.size());
    for (const auto &t : m_tracks)
        result.push_back(t.get());
    return result;
}

void Recorder::drain(Cursor &cursor, Trace &out) const
{
    // Take the anchor first: everything read below was recorded before it, so its ticks are
    // interpolated, never extrapolated.
    const clock::TickMapping mapping(m_origin, clock::takeAnchor());
    const auto tracks = writers();
    cursor.spans.resize(tracks.size());
    cursor.events.resize(tracks.size());

    out.tracks.clear();
    out.tracks.reserve(tracks.size());
    const std::size_t firstNewEvent = out.events.size();
    for (std::size_t i = 0; i < tracks.size(); ++i) {
        const TrackWriter &w = *tracks[i];
        out.tracks.push_back(
            {w.m_id, w.m_pid, Tid(w.m_tid.load(std::memory_order_acquire)), w.m_name});
        w.m_spans.readNew(cursor.spans[i], [&](const TrackWriter::RawSpan &s) {
            out.spans.push_back({w.m_id, TaskId(s.task), s.kind, mapping.toRelativeNs(s.start),
                                 mapping.toRelativeNs(s.end)});
        });
        w.m_events.readNew(cursor.events[i], [&](const TrackWriter::RawEvent &e) {
            out.events.push_back(
                {w.m_id, TaskId(e.task), e.kind, mapping.toRelativeNs(e.time), e.text});
        });
    }
    std::stable_sort(out.events.begin() + static_cast<std::ptrdiff_t>(firstNewEvent),
                     out.events.end(),
                     [](const Event &a, const Event &b) { return a.timeNs < b.timeNs; });
}

Trace Recorder::snapshot() const
{
    Cursor cursor;
    Trace trace;
    drain(cursor, trace);
    std::stable_sort(trace.spans.begin(), trace.spans.end(), [](const Span &a, const Span &b) {
        return a.track != b.track ? a.track < b.track : a.startNs < b.startNs;
    });
    return trace;
}

} // namespace interleave
