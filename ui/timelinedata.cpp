#include "timelinedata.h"

#include <algorithm>

namespace interleave::ui {

namespace {
const RowSpans s_noSpans;
const std::vector<Tick> s_noTicks;
} // namespace

void TimelineData::clear()
{
    std::vector<Pid> collapsed = std::move(m_collapsed);
    *this = TimelineData();
    m_collapsed = std::move(collapsed);
}

void TimelineData::dropSpans()
{
    for (RowSpans &row : m_spans)
        row.clear();
}

bool TimelineData::collapsed(Pid pid) const
{
    return std::find(m_collapsed.begin(), m_collapsed.end(), pid) != m_collapsed.end();
}

void TimelineData::toggleCollapsed(Pid pid)
{
    const auto it = std::find(m_collapsed.begin(), m_collapsed.end(), pid);
    if (it == m_collapsed.end())
        m_collapsed.push_back(pid);
    else
        m_collapsed.erase(it);
    layoutRows();
}

int TimelineData::rowAt(double y) const
{
    if (m_rows.empty() || y < 0 || y >= height())
        return -1;
    const auto it = std::partition_point(m_rows.begin(), m_rows.end(),
                                         [&](const TimelineRow &r) { return r.bottom() <= y; });
    return int(it - m_rows.begin());
}

bool TimelineData::setTracks(const Trace &trace, Pid mainPid)
{
    const bool tracksChanged =
        trace.tracks.size() != m_tracks.size() ||
        !std::equal(trace.tracks.begin(), trace.tracks.end(), m_tracks.begin(),
                    [](const TrackInfo &a, const TrackInfo &b) {
                        return a.tid == b.tid && a.pid == b.pid;
                    });
    m_tracks = trace.tracks;
    m_processes = trace.processes;
    m_spans.resize(m_tracks.size());
    m_ticks.resize(m_tracks.size());
    m_mainPid = mainPid;
    if (trace.info)
        m_info = trace.info;
    if (tracksChanged)
        layoutRows();
    return tracksChanged;
}

bool TimelineData::update(const Trace &trace, Pid mainPid)
{
    const bool tracksChanged = setTracks(trace, mainPid);
    for (const Span &s : trace.spans) {
        if (s.track.value() >= m_spans.size())
            continue;
        m_spans[s.track.value()].append(s);
        m_endNs = std::max<std::int64_t>(m_endNs, s.endNs);
        ++m_spanCount;
    }
    addTicks(trace.events, true);
    m_open = trace.open;
    m_nowNs = trace.nowNs;
    if (!m_open.empty())
        m_endNs = std::max(m_endNs, m_nowNs);
    return tracksChanged;
}

void TimelineData::show(std::shared_ptr<const Trace> trace, Pid mainPid)
{
    clear();
    m_shown = std::move(trace);
    setTracks(*m_shown, mainPid);
    // The spans are sorted by (track, start): each track's are one stretch of them.
    const std::span<const Span> all = m_shown->spans;
    for (std::size_t i = 0; i < all.size();) {
        std::size_t j = i;
        while (j < all.size() && all[j].track == all[i].track)
            ++j;
        if (all[i].track.value() < m_spans.size())
            m_spans[all[i].track.value()].view(all.subspan(i, j - i));
        for (std::size_t k = i; k < j; ++k)
            m_endNs = std::max<std::int64_t>(m_endNs, all[k].endNs);
        i = j;
    }
    m_spanCount = all.size();
    addTicks(m_shown->events, false);
    m_open = m_shown->open;
    m_nowNs = m_shown->nowNs;
    if (!m_open.empty())
        m_endNs = std::max(m_endNs, m_nowNs);
}

// A tick per write to stdout (where a print's pieces went out), per line to stderr, where a
// thread's lock wait closed a deadlock, and per instant a trace file marks. `copy`: the
// events are a live drain's, kept here; otherwise they are the shown trace's.
void TimelineData::addTicks(const std::vector<Event> &events, bool copy)
{
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event &e = events[i];
        m_endNs = std::max(m_endNs, e.timeNs);
        if ((e.kind != EventKind::Write && e.kind != EventKind::ErrorOutput &&
             e.kind != EventKind::Deadlock && e.kind != EventKind::Mark) ||
            e.track.value() >= m_ticks.size())
            continue;
        if (copy)
            m_events.push_back(e);
        auto &ticks = m_ticks[e.track.value()];
        const Tick tick{e.timeNs, copy ? m_events.size() - 1 : i};
        if (ticks.empty() || ticks.back().ns <= tick.ns)
            ticks.push_back(tick);
        else
            ticks.insert(std::upper_bound(ticks.begin(), ticks.end(), tick.ns,
                                          [](std::int64_t t, const Tick &k) { return t < k.ns; }),
                         tick);
    }
}

// A trace from elsewhere names its processes; a run made here names its main process and
// each worker process after its one track.
QString TimelineData::processName(Pid pid) const
{
    for (const ProcessInfo &p : m_processes) {
        if (p.pid == pid)
            return p.name;
    }
    if (pid == m_mainPid && m_processes.empty())
        return QStringLiteral("interleave (main process)");
    for (const TrackInfo &t : m_tracks) {
        if (t.pid == pid)
            return t.name;
    }
    return {};
}

void TimelineData::layoutRows()
{
    const Pid mainPid = m_mainPid;
    // Processes in the order they appeared, the main one first; threads in track order.
    std::vector<Pid> pids;
    if (std::any_of(m_tracks.begin(), m_tracks.end(),
                    [&](const TrackInfo &t) { return t.pid == mainPid; }))
        pids.push_back(mainPid);
    for (const TrackInfo &t : m_tracks) {
        if (std::find(pids.begin(), pids.end(), t.pid) == pids.end())
            pids.push_back(t.pid);
    }
    m_rows.clear();
    m_rowOfTrack.assign(m_tracks.size(), -1);
    for (Pid pid : pids) {
        const QString process = processName(pid);
        const int header = int(m_rows.size());
        m_rows.push_back({TimelineRow::Kind::Process, pid, TrackId(),
                          QStringLiteral("PID %1 · %2").arg(pid.value()).arg(process)});
        m_rows.back().height = kHeaderHeight;
        m_rows.back().header = header;
        const bool folded = collapsed(pid);
        const auto add = [&](const TrackInfo &t, QString label, bool gil) {
            if (folded) {
                ++m_rows[std::size_t(header)].hidden;
                return;
            }
            m_rowOfTrack[t.id.value()] = int(m_rows.size());
            m_rows.push_back({TimelineRow::Kind::Thread, pid, t.id, std::move(label), gil});
            m_rows.back().header = header;
        };
        // The GIL lane first, right under its process, then the threads that compete for it.
        for (const TrackInfo &t : m_tracks) {
            if (t.pid == pid && t.role == TrackRole::Gil)
                add(t, QStringLiteral("GIL: who holds it"), true);
        }
        for (const TrackInfo &t : m_tracks) {
            if (t.pid != pid || t.role != TrackRole::Thread)
                continue;
            const QString name =
                pid == mainPid || !m_processes.empty() ? t.name : QStringLiteral("MainThread");
            add(t,
                t.tid.value() > 0 ? QStringLiteral("%1 · %2").arg(name).arg(t.tid.value()) : name,
                false);
        }
    }
    double top = 0;
    for (TimelineRow &row : m_rows) {
        row.top = top;
        top += row.height;
    }
}

const TrackInfo *TimelineData::track(TrackId id) const
{
    return id.isValid() && id.value() < m_tracks.size() ? &m_tracks[id.value()] : nullptr;
}

const RowSpans &TimelineData::spans(TrackId id) const
{
    return id.isValid() && id.value() < m_spans.size() ? m_spans[id.value()] : s_noSpans;
}

const std::vector<Tick> &TimelineData::ticks(TrackId id) const
{
    return id.isValid() && id.value() < m_ticks.size() ? m_ticks[id.value()] : s_noTicks;
}

QString TimelineData::callLabel(TaskId task) const
{
    return m_info ? m_info->label(task) : QString();
}

int TimelineData::rowOf(TrackId id) const
{
    return id.isValid() && id.value() < m_rowOfTrack.size() ? m_rowOfTrack[id.value()] : -1;
}

} // namespace interleave::ui
