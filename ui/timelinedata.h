#pragma once

#include "timelinemath.h"
#include "trace.h"

#include <QString>

#include <memory>
#include <vector>

namespace interleave::ui {

// One line of the timeline: a header per process, then a row per thread of it. Heights are in
// thread rows: a header is a thinner band, so that it costs less room than a thread.
struct TimelineRow
{
    enum class Kind
    {
        Process,
        Thread
    };
    Kind kind = Kind::Thread;
    Pid pid;
    TrackId track; // Thread rows only
    QString label;
    bool gil = false;  // the process's GIL lane: who holds the lock
    double top = 0;    // in thread rows from the top of the first row
    double height = 1; // kHeaderHeight for a header
    int header = 0;    // the row index of its process's header (itself for a header)
    int hidden = 0;    // a collapsed header: how many rows of its process are folded away

    double center() const { return top + height / 2; }
    double bottom() const { return top + height; }
};

inline constexpr double kHeaderHeight = 0.8;

// A printed line's place on its row.
struct Tick
{
    std::int64_t ns = 0;
    std::size_t event = 0; // index into events()
};

// What the timeline shows, fed incrementally from live drains and replaced by the final
// trace at the end of a run. No widgets: the plottable paints it, tests check it.
class TimelineData
{
public:
    void clear();
    // The spans go, the rows stay: a live run's copies, before its final trace comes.
    void dropSpans();
    // A live drain: `trace` holds every track so far, and the spans and events recorded since
    // the last drain. The process `mainPid` is listed first. True when the rows changed.
    bool update(const Trace &trace, Pid mainPid);
    // A whole trace, shown where it is (its spans and events are not copied); replaces
    // whatever was shown.
    void show(std::shared_ptr<const Trace> trace, Pid mainPid);

    const std::vector<TimelineRow> &rows() const { return m_rows; }
    const TrackInfo *track(TrackId id) const;
    const RowSpans &spans(TrackId id) const;
    const std::vector<Tick> &ticks(TrackId id) const;
    const std::vector<Event> &events() const { return m_shown ? m_shown->events : m_events; }
    // The call's label, "calc_square([2, 3, 8, 9])", or an empty string for none: tooltips
    // and labels on wide spans.
    QString callLabel(TaskId task) const;
    const std::vector<OpenSpan> &open() const { return m_open; }
    std::int64_t nowNs() const { return m_nowNs; }
    // The latest moment anything happened: where a full view ends.
    std::int64_t endNs() const { return m_endNs; }
    std::size_t spanCount() const { return m_spanCount; }
    // The row at `y` (in thread rows), or -1 past the ends.
    int rowAt(double y) const;
    int rowOf(TrackId id) const;
    // All rows' height, in thread rows.
    double height() const { return m_rows.empty() ? 0 : m_rows.back().bottom(); }

    // A collapsed process shows its header only. Kept across clear(): the main process's
    // PID is the same from run to run.
    bool collapsed(Pid pid) const;
    void toggleCollapsed(Pid pid);

private:
    // Takes the tracks; true when they changed.
    bool setTracks(const Trace &trace, Pid mainPid);
    void addTicks(const std::vector<Event> &events, bool copy);
    void layoutRows();
    QString processName(Pid pid) const;

    std::shared_ptr<const Trace> m_shown; // a whole trace, looked at in place

    std::vector<TrackInfo> m_tracks;
    std::vector<ProcessInfo> m_processes; // as a trace file from elsewhere named them
    std::vector<RowSpans> m_spans;        // by track
    std::vector<std::vector<Tick>> m_ticks;
    std::vector<Event> m_events;           // the ticks' events of a live run; m_shown's otherwise
    std::shared_ptr<const RunInfo> m_info; // the calls
    std::vector<OpenSpan> m_open;
    std::vector<TimelineRow> m_rows;
    std::vector<int> m_rowOfTrack;
    std::vector<Pid> m_collapsed;
    Pid m_mainPid;
    std::int64_t m_nowNs = 0;
    std::int64_t m_endNs = 0;
    std::size_t m_spanCount = 0;
};

} // namespace interleave::ui
