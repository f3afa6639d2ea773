#pragma once

// Trace files opened as runs: Interleave's own exports and `run --json` documents, and
// Chrome Trace Event JSON as other tools write it (VizTracer, py-spy, Perfetto's JSON). The
// file is mapped and read in one pass, never built as a document, and what has been read is
// let go as the reading goes on, so memory follows the spans kept, not the file's size.

#include "runresult.h"

#include <QByteArrayView>

#include <atomic>
#include <functional>
#include <string_view>

namespace interleave {

// How far an opening has read, and a way to stop it, shared with another thread.
struct TraceProgress
{
    std::atomic<int> percent{0};
    std::atomic<bool> stop{false};
};

// The file as a run with `source` set, or nothing and `error` naming what was wrong in one
// sentence (or that it was stopped).
std::optional<RunResult> openTraceFile(const QString &path, QString *error,
                                       TraceProgress *progress = nullptr);
// The same from bytes in memory; `path` names them in messages. `progress` is told the
// offset reached now and then.
std::optional<RunResult> readTrace(std::string_view document, const QString &path, QString *error,
                                   const std::function<void(std::size_t)> &progress = {});

// Whether the start of a file looks like a trace: for telling someone who opened one as a
// workload where it goes.
bool looksLikeTrace(QByteArrayView head);

// "trace.json, recorded by VizTracer: 3 threads in 1 process, 1,204 spans, 4 lines printed."
QString describeTrace(const RunResult &run);

} // namespace interleave
