#pragma once

#include <QByteArray>
#include <QString>

namespace interleave {

struct RunResult;
struct Workload;

// The run in Chrome's Trace Event format, which Perfetto, chrome://tracing and speedscope
// open: one complete ("X") event per span, instant events for printed lines and task
// milestones, and process/thread names as metadata.
QByteArray toChromeTrace(const RunResult &result, const Workload &workload);

// Writes it atomically; returns an error message or an empty string.
QString writeChromeTrace(const RunResult &result, const Workload &workload, const QString &path);

} // namespace interleave
