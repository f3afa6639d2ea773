#pragma once

#include <QByteArray>
#include <QString>

namespace interleave {

struct RunResult;
class JsonWriter;

// The run in Chrome's Trace Event format, which Perfetto, chrome://tracing and speedscope
// open: one complete ("X") event per span, instant events for printed lines and task
// milestones, and process/thread names as metadata.
void writeChromeTrace(const RunResult &result, JsonWriter &json);
// The same in memory.
QByteArray toChromeTrace(const RunResult &result);

// Writes it atomically as it is made, never whole in memory; returns an error message or an
// empty string.
QString writeChromeTrace(const RunResult &result, const QString &path);

} // namespace interleave
