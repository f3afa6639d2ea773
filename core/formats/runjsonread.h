#pragma once

// Interleave's own `run --json` (and `show --json`) document, read back into a run: its
// tracks, spans, lines, writes, events and calls, times exact to the nanosecond.

#include "jsonreader.h"
#include "runresult.h"

#include <functional>

namespace interleave {

class RunJson
{
public:
    // Told the offset reached now and then (it may throw to stop the reading).
    void setProgress(std::function<void(std::size_t)> progress)
    {
        m_progress = std::move(progress);
    }
    // Reads the member `key` if it is one of the document's; false leaves it unread.
    bool member(std::string_view key, json::Reader &reader);
    bool found() const { return m_sawTracks && m_sawSpans; }
    // The run, or nothing and `error` saying which reference does not hold.
    std::optional<RunResult> finish(QString *error);

private:
    void readMachine(json::Reader &reader);
    void readTracks(json::Reader &reader);
    void readSpans(json::Reader &reader);
    void readEvents(json::Reader &reader, std::optional<EventKind> kind, std::string_view text);
    void readTasks(json::Reader &reader);
    void tick(const json::Reader &reader);

    RunResult m_run;
    std::vector<TrackInfo> m_tracks;
    std::vector<Span> m_spans;
    std::vector<Event> m_events;
    std::vector<CallInfo> m_calls;
    bool m_sawTracks = false;
    bool m_sawSpans = false;
    bool m_modeKnown = false;
    std::function<void(std::size_t)> m_progress;
    std::size_t m_items = 0;
};

} // namespace interleave
