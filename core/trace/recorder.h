#pragma once

#include "appendlog.h"
#include "clock.h"
#include "trace.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

namespace interleave {

// Records what one track (a thread, or a worker process's thread) does. It has exactly one
// writer at a time, so recording takes no lock: two tick reads and an append, nothing more.
class alignas(64) TrackWriter
{
public:
    TrackWriter(TrackId id, Pid pid, Tid tid, QString name, TrackRole role);

    TrackId id() const { return m_id; }
    const QString &name() const { return m_name; }
    // A thread learns its own OS id only once it runs; it sets it here before recording.
    void setTid(Tid tid) { m_tid.store(tid.value(), std::memory_order_release); }

    // An end before the start (two CPUs' TSCs a few ticks apart, a worker's tick against
    // interleave's) is taken as the start.
    void span(TaskId task, SpanKind kind, clock::Ticks start, clock::Ticks end)
    {
        m_spans.push(RawSpan{start, std::max(start, end), task.value(), kind});
    }
    void event(TaskId task, EventKind kind, clock::Ticks time, QString text = {})
    {
        m_events.push(RawEvent{time, task.value(), kind, std::move(text)});
    }

    // A span whose end is not known yet (a wait in progress): live views draw it growing.
    // end() records it as a span. One open span per track at a time.
    void begin(TaskId task, SpanKind kind, clock::Ticks start);
    void end(clock::Ticks end);
    bool isOpen() const { return m_current.has_value(); }

    // What the track does between its spans while a program runs on it (running Python
    // code): open whenever no other span is, closed by begin() and reopened by end() at the
    // same moment, so the row has no gaps. setBackground() again switches it (another call).
    void setBackground(TaskId task, SpanKind kind, clock::Ticks start);
    void clearBackground(clock::Ticks end);

    // Its thread has ended and records nothing more: drains stop looking at it once they have
    // read it all (a run of 1,000,000 calls in threads mode has as many tracks).
    void finish() { m_finished.store(true, std::memory_order_release); }

private:
    friend class Recorder;

    struct RawSpan
    {
        clock::Ticks start = 0;
        clock::Ticks end = 0;
        TaskId::value_type task = TaskId::kInvalid;
        SpanKind kind = SpanKind::Compute;
    };
    struct RawEvent
    {
        clock::Ticks time = 0;
        TaskId::value_type task = TaskId::kInvalid;
        EventKind kind = EventKind::Print;
        QString text;
    };

    struct Open
    {
        TaskId task;
        SpanKind kind;
        clock::Ticks start;
    };
    // Read by drainers through a sequence lock, so the three fields are seen together.
    std::optional<Open> readOpen() const;
    void publishOpen(TaskId task, SpanKind kind, clock::Ticks start);
    void publishClosed();
    void closeBackground(clock::Ticks end);

    // A background stretch this short (about 100 ns) is the time between two clock reads,
    // not work: the next span takes it.
    static constexpr clock::Ticks kSliverTicks = 256;

    const TrackId m_id;
    const Pid m_pid;
    const QString m_name;
    const TrackRole m_role;
    std::atomic<Tid::value_type> m_tid;
    AppendLog<RawSpan> m_spans;
    AppendLog<RawEvent> m_events;
    std::optional<Open> m_current; // writer's own copy
    std::optional<Open> m_background;
    bool m_inBackground = false; // m_current is the background
    std::atomic<std::uint32_t> m_openSeq{0};
    std::atomic<clock::Ticks> m_openStart{0};
    std::atomic<TaskId::value_type> m_openTask{TaskId::kInvalid};
    std::atomic<int> m_openKind{-1}; // -1: nothing open
    std::atomic<bool> m_finished{false};
};

// The recording of one run. Threads record into their own TrackWriter; any thread may drain
// what has been recorded so far while recording goes on.
class Recorder
{
public:
    Recorder();
    Recorder(const Recorder &) = delete;
    Recorder &operator=(const Recorder &) = delete;

    clock::Anchor origin() const { return m_origin; }
    // Nanoseconds since the run started.
    std::int64_t elapsedNs() const { return clock::monotonicNs() - m_origin.ns; }

    // What the run is; every drain from then on carries it. Thread-safe.
    void setInfo(std::shared_ptr<const RunInfo> info);

    // Thread-safe; the returned writer lives as long as the recorder.
    TrackWriter &addTrack(Pid pid, Tid tid, QString name, TrackRole role = TrackRole::Thread);

    // Where a reader got to in every track, and which tracks may still grow.
    struct Cursor
    {
        std::vector<AppendLog<TrackWriter::RawSpan>::Cursor> spans;
        std::vector<AppendLog<TrackWriter::RawEvent>::Cursor> events;
        std::vector<const TrackWriter *> tracks; // those seen so far
        std::vector<std::uint32_t> active;       // not finished, or not read to the end
    };

    // Brings `out` up to date from `cursor`: appends the tracks made since (all of them to a
    // Trace the cursor has not filled before), the spans and events recorded since, new events
    // sorted by time, and the spans open now. Costs per track still running, not per track
    // ever made. For live views.
    // At most about `budget` spans and events a drain, every track read up to one moment;
    // what is left waits for the next.
    static constexpr std::size_t kMaxDrainItems = 1 << 16;
    void drain(Cursor &cursor, Trace &out, std::size_t budget = kMaxDrainItems) const;

    // Everything recorded so far, converted with one mapping: spans sorted by (track, start),
    // events by time.
    Trace snapshot() const;
    // The same, once recording is over, moved out: each log's memory is freed as its items are
    // converted, so a long run's trace is not held twice. Drains must not run meanwhile (call
    // it where they are made); the recorder is empty afterwards.
    Trace take();

private:
    // Brings the cursor's tracks and `out`'s up to the tracks made since.
    void addNewTracks(Cursor &cursor, Trace &out) const;
    // What a running track had published when a drain began, and how much of it is new.
    struct Published
    {
        std::size_t spans = 0, events = 0, newSpans = 0, newEvents = 0;
        bool finished = false;
    };
    static std::vector<Published> publishedNow(const Cursor &cursor);
    static clock::Ticks cutOff(const Cursor &cursor, const std::vector<Published> &published,
                               std::size_t total, std::size_t budget);

    const clock::Anchor m_origin;
    mutable std::mutex m_tracksMutex; // guards m_tracks and m_info; never taken while recording
    std::deque<std::unique_ptr<TrackWriter>> m_tracks;
    std::shared_ptr<const RunInfo> m_info;
};

} // namespace interleave
