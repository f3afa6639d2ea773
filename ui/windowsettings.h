#pragma once

// What the window remembers between sessions (QSettings): its geometry and splitters, the
// workload and how it last ran, and whether runs are kept in History.

#include "runoptions.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace interleave::ui {

struct WindowSettings
{
    QByteArray geometry;
    QByteArray vertical;   // the timeline against the panes under it
    QByteArray horizontal; // output against results
    bool keepRuns = true;
    std::optional<int> workers;
    QString workload; // a built-in's name, or a file's path
    Mode mode = Mode::Sequential;
    bool gil = false;
    double switchIntervalMs = 5.0;
    std::optional<lang::Buffering> buffering;

    static WindowSettings load();
    void save() const;
    // Only whether runs are kept, which the Run menu changes at once.
    static void saveKeepRuns(bool keep);
};

} // namespace interleave::ui
