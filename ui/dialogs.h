#pragma once

// The window's dialogs, each asking one thing and handing back the answer: where to open or
// save, how large an image, how much History may keep, whether to run past the limits.

#include "exporter.h"

#include <QString>

#include <optional>

class QWidget;

namespace interleave {
class RunLibrary;
}

namespace interleave::ui {

// A file to open, starting in the folder remembered under `key`; empty when cancelled.
QString askOpenPath(QWidget *parent, const QString &title, const QString &filter,
                    const QString &key);
// Where to write the timeline image of a run named `base` (no suffix), in the folder and
// format of the last export, with its size for PNG and JPEG; empty when cancelled.
QString askImagePath(QWidget *parent, const QString &base, QSize shown, ExportOptions *options);
// Where to write a Chrome trace; empty when cancelled.
QString askTracePath(QWidget *parent, const QString &base);
// The MiB History may keep, or nothing when cancelled.
std::optional<int> askHistorySizeLimit(QWidget *parent, const RunLibrary &library);
// True when the person runs it anyway, told `past` (checkBudget's words).
bool askToRunPastLimits(QWidget *parent, const QString &past);
void showAbout(QWidget *parent);

} // namespace interleave::ui
