#pragma once

// A trace put together from what a trace file says, in whatever order it says it: threads
// found by (pid, tid), calls by name, spans that may nest (a call within a call), instants.
// The timeline draws one row per thread with spans that do not overlap, so nested spans are
// flattened: at each moment a thread's row shows its innermost call.

#include "trace.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace interleave {

class TraceBuilder
{
public:
    // The thread, created when first named or used.
    TrackId track(std::int64_t pid, std::int64_t tid);
    // Names are cut to kMaxNameLength characters: a row label, not a document.
    void nameThread(TrackId track, const QString &name);
    void nameThreadIfUnnamed(TrackId track, const QString &name);
    // A thread whose tid in the file is not its OS tid (Interleave's exports give a reused
    // tid one of its own) shows the OS tid.
    void setOsTid(TrackId track, std::int64_t tid) { m_tracks[track.value()].tid = Tid(tid); }
    void makeGilLane(TrackId track);
    bool isGilLane(TrackId track) const { return m_tracks[track.value()].role == TrackRole::Gil; }
    void nameProcess(std::int64_t pid, const QString &name);
    void nameProcessIfUnnamed(std::int64_t pid, const QString &name);
    static constexpr qsizetype kMaxNameLength = 200;
    // The call of this name, the same one each time it is named.
    TaskId call(std::string_view name);

    // A span from start to end; spans on a thread may nest.
    void span(TrackId track, TaskId task, SpanKind kind, std::int64_t startNs, std::int64_t endNs);
    // A span begun and ended by two events ("B" and "E"), in any order in the file: taken in
    // time order, an end closes the innermost span open.
    void begin(TrackId track, TaskId task, SpanKind kind, std::int64_t ns);
    void end(TrackId track, std::int64_t ns);
    void event(TrackId track, EventKind kind, std::int64_t ns, QString text, TaskId task = {});
    // Text written to stdout at once: a write, and a line for each line of it.
    void print(TrackId track, std::int64_t ns, const QString &text, TaskId task = {});

    std::size_t spanCount() const { return m_spanCount; }
    std::size_t eventCount() const { return m_events.size(); }
    std::size_t threadCount() const;
    std::size_t processCount() const { return m_pids.size(); }

    // The trace, its times shifted by -originNs. Spans still open end at the last moment the
    // file mentions. A GIL lane's spans name their holder as a call: that becomes the
    // holder's track, found by name in the lane's process.
    // `sortThreads` lists each process's threads by tid instead of as they came.
    Trace finish(std::int64_t originNs, bool sortThreads);
    // The first and last moments the file mentions.
    std::int64_t firstNs() const { return m_firstNs; }
    std::int64_t lastNs() const { return m_lastNs; }
    std::int64_t firstPid() const { return m_pids.empty() ? 0 : m_pids.front(); }

private:
    struct Raw
    {
        std::int64_t startNs;
        std::int64_t endNs;
        std::uint32_t task;
        SpanKind kind;
    };
    struct Mark // a "B" or an "E"
    {
        std::int64_t ns;
        std::uint32_t task;
        SpanKind kind;
        bool end;
    };
    struct Thread
    {
        std::vector<Raw> spans; // in the order they began, for ties
        std::vector<Mark> marks;
        bool named = false;
    };
    void pairMarks(Thread &thread);
    void seen(std::int64_t ns);
    static void sortSpans(std::vector<Raw> &raw);
    static std::size_t flatCount(const std::vector<Raw> &raw);
    // Times made relative to `originNs` as they go in: a Span holds 56 bits of start.
    static void flatten(const std::vector<Raw> &raw, TrackId track, std::int64_t originNs,
                        std::vector<Span> &out);
    void resolveHolders(Trace &trace) const;
    std::vector<std::size_t> threadOrder(bool byTid) const;

    std::map<std::pair<std::int64_t, std::int64_t>, TrackId> m_byThread;
    std::vector<TrackInfo> m_tracks;
    std::vector<Thread> m_threads;
    std::vector<std::int64_t> m_pids; // in the order they appeared
    std::map<std::int64_t, QString> m_processNames;
    std::unordered_map<std::string, std::uint32_t> m_callIds;
    std::vector<CallInfo> m_calls;
    std::vector<Event> m_events;
    std::size_t m_spanCount = 0;
    std::int64_t m_firstNs = INT64_MAX;
    std::int64_t m_lastNs = INT64_MIN;
};

} // namespace interleave
