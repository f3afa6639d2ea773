#pragma once

#include <QByteArray>
#include <QString>

namespace interleave {

struct RunResult;

// The run in Chrome's Trace Event format, which Perfetto, chrome://tracing and speedscope
// open: one complete ("X") event per span, instant events for printed lines and task
// milestones, and process/thread names as metadata.
QByteArray toChromeTrace(const RunResult &result);

// Writes it atomically; returns an error message or an empty string.
QString writeChromeTrace(const RunResult &result, const QString &path);

} // namespace interleave
