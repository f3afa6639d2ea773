#pragma once

#include "ids.h"
#include "spankinds.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace interleave {

enum class EventKind : std::uint8_t
{
    Print,         // a line of output; the text is the line
    TaskSubmitted, // recorded on the submitting thread
    TaskStarted,
    TaskFinished,
    ProcessExited, // a worker process ended; the text says how
    ErrorOutput,   // a line a worker process wrote to stderr
    Write,         // one write(2) to stdout; the text is the bytes written
    Deadlock,      // the thread's lock wait closed a cycle; the text says what it holds and wants
    Mark,          // an instant another tool recorded in a trace file; the text is its name
};
inline constexpr int kEventKindCount = 9;

QString spanKindName(SpanKind kind);
// What a person reads: "computing (CPU)", "waiting for I/O (sleep)".
QString spanKindDescription(SpanKind kind);
QString eventKindName(EventKind kind);
std::optional<SpanKind> spanKindFromName(const QString &name);
std::optional<EventKind> eventKindFromName(const QString &name);

enum class TrackRole : std::uint8_t
{
    Thread, // a thread: its spans are what it did
    Gil,    // a process's interpreter lock: each span is a holding, its task field holds the
            // TrackId of the thread that held it
};

struct TrackInfo
{
    TrackId id;
    Pid pid;
    Tid tid;
    QString name;
    TrackRole role = TrackRole::Thread;
};

// Times are nanoseconds of CLOCK_MONOTONIC since the run started. 24 bytes: a run holds
// millions, so the kind shares a word with the start, which keeps 56 bits (±417 days).
struct Span
{
    static constexpr std::int64_t kMaxNs = (std::int64_t(1) << 55) - 1;

    TrackId track;
    TaskId task;
    SpanKind kind : 8 = SpanKind::Compute;
    std::int64_t startNs : 56 = 0;
    std::int64_t endNs = 0;

    std::int64_t durationNs() const { return endNs - startNs; }
};
static_assert(sizeof(Span) == 24);

struct Event
{
    TrackId track;
    TaskId task;
    EventKind kind = EventKind::Print;
    std::int64_t timeNs = 0;
    QString text;
};

// A span still in progress when the trace was drained.
struct OpenSpan
{
    TrackId track;
    TaskId task;
    SpanKind kind = SpanKind::Compute;
    std::int64_t startNs = 0;
};

// One call of the run: the function and its arguments as Python would repr them.
struct CallInfo
{
    QString function;
    QString args;       // "[2, 3, 8, 9]", "'Task 1'"
    bool named = false; // `function` is the whole label, as a trace file from elsewhere named it
    QString label() const
    {
        return named ? function : function + QLatin1Char('(') + args + QLatin1Char(')');
    }
};

// The run's calls, so that every reader of its trace (timeline, console, exporters, lessons,
// the command line) can name a span's call without the workload. What the run was is its
// RunSpec (runspec.h), kept once, beside the trace.
struct RunInfo
{
    std::vector<CallInfo> calls; // TaskId indexes this

    // "calc_square([2, 3, 8, 9])", or empty for no call.
    QString label(TaskId task) const;
};

// A process as a trace file from another tool names it.
struct ProcessInfo
{
    Pid pid;
    QString name;
};

// A recorded run, or the part of it recorded so far. A plain value: copy it across threads.
struct Trace
{
    // The processes as a trace file from elsewhere named them, its threads named as it named
    // them. Empty for a run made here, whose worker processes are named by their one track.
    std::vector<ProcessInfo> processes;
    std::shared_ptr<const RunInfo> info; // set once the run knows its calls
    std::vector<TrackInfo> tracks;       // indexed by TrackId
    std::vector<Span> spans;             // sorted by (track, start)
    std::vector<Event> events;           // sorted by time
    std::vector<OpenSpan> open;          // in progress at nowNs (live drains only)
    std::int64_t nowNs = 0;              // when this was drained

    const TrackInfo *track(TrackId id) const;
    // Puts the spans in (track, start) order, which views take each track's from as one
    // stretch. Costs a check only when they are in order already, as a rule.
    void sortSpans();
    // Tracks that are threads (not GIL lanes), and the processes they are in.
    std::size_t threadCount() const;
    std::size_t processCount() const;
    // The printed lines in the order they happened.
    std::vector<const Event *> output() const;
    // The writes to stdout in the order they happened: the stream a terminal would show.
    std::vector<const Event *> writes() const;
    // The writes in the order the pipe delivered them, found by matching each writer's writes,
    // in its own order, against `stream`, the bytes read back. Worker processes stamp their
    // writes in their own process, so two a microsecond apart can be stamped the other way
    // round. Falls back to the stamps' order from wherever the bytes do not match.
    std::vector<const Event *> writesAsStreamed(const QByteArray &stream) const;
};

// Per track: time in each span kind, for summaries.
struct TrackTotals
{
    TrackId track;
    std::array<std::int64_t, kSpanKindCount> byKind{};
    std::int64_t ns(SpanKind kind) const { return byKind[static_cast<std::size_t>(kind)]; }
    // Doing something of its own: computing, waiting for I/O, or running Python code.
    std::int64_t busyNs() const
    {
        return ns(SpanKind::Compute) + ns(SpanKind::Wait) + ns(SpanKind::Python);
    }
};
std::vector<TrackTotals> trackTotals(const Trace &trace);

} // namespace interleave
