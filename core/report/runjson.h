#pragma once

#include "engine.h"

#include <QJsonObject>

#include <array>

#include <functional>

namespace interleave {

class JsonWriter;

// The whole run as one JSON object: what `interleave run --json` prints. Times in milliseconds
// since the run started. Written as it is made; `more` adds members at the end.
void writeRunJson(const RunResult &result, JsonWriter &json,
                  const std::function<void(JsonWriter &)> &more = {});
// The same as a value, for small runs and tests.
QJsonObject runToJson(const RunResult &result);

// What ran the calls, in words: "1 thread", "2 threads", "3 pool threads", "2 processes".
QString workerText(const RunResult &result);
// "square-cube · threads · 2 threads", or for a trace opened from a file
// "trace.json · VizTracer · 3 threads in 1 process".
QString runHeadline(const RunResult &result);
// A run in one line, naming everything that shaped it: "square-cube · threads · 2 threads ·
// GIL 5 ms · stdout line · locked=true · wall 0.806 s" (· stopped).
QString runTitle(const RunResult &result);

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
