#pragma once

// Chrome's Trace Event format, as other tools write it, into a TraceBuilder: complete ("X"),
// begin/end ("B"/"E") and instant ("i"/"I") events, thread_name and process_name metadata.
// Unknown fields and phases are passed over.

#include "jsonreader.h"
#include "tracebuilder.h"

#include <functional>
#include <string>
#include <unordered_map>

namespace interleave {

class ChromeEvents
{
public:
    explicit ChromeEvents(TraceBuilder &builder) : m_builder(builder) {}

    // Reads the array of events the reader is at. `progress` is told the offset reached now
    // and then.
    void read(json::Reader &reader, const std::function<void(std::size_t)> &progress);

    std::size_t read() const { return m_read; }       // events in the file
    std::size_t skipped() const { return m_skipped; } // events not understood
    // The tool that wrote the events, as their categories say: "py-spy", "VizTracer" or empty.
    QString writer() const { return m_writer; }
    bool stopped() const { return m_stopped; } // an Interleave run stopped before its end
    // Why the first event passed over was not understood.
    QString problem() const { return m_problem; }

private:
    struct Fields;
    void readEvent(json::Reader &reader, Fields &f);
    void readArgs(json::Reader &reader, Fields &f);
    void apply(const Fields &f);
    void applyInstant(const Fields &f, TrackId track, std::int64_t ns);
    void skip(const char *why);
    std::int64_t idOf(std::int64_t id, std::string_view name);
    TrackId trackOf(const Fields &f);

    TraceBuilder &m_builder;
    std::size_t m_read = 0;
    std::size_t m_skipped = 0;
    QString m_writer;
    QString m_problem;
    std::unordered_map<std::string, std::int64_t> m_namedIds;
    bool m_stopped = false;
};

// What a span named `name` stands for when the file does not say: a sleep waits, a lock's
// acquire waits for the lock, a join waits for the others; anything else runs Python code.
SpanKind kindOfCall(std::string_view name);

} // namespace interleave
