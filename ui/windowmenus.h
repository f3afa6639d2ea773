#pragma once

// The window's menus and their actions, with their words, shortcuts and tips; the window
// connects them to what they do.

#include "modes.h"

#include <map>

class QAction;
class QMenuBar;

namespace interleave::ui {

struct WindowMenus
{
    // File
    QAction *openWorkload = nullptr;
    QAction *openTrace = nullptr;
    QAction *exportImage = nullptr;
    QAction *exportTrace = nullptr;
    QAction *quit = nullptr;
    // Run
    std::map<Mode, QAction *> run;
    QAction *again = nullptr; // the last mode run, once more
    QAction *stop = nullptr;
    QAction *sweep = nullptr;
    QAction *pin = nullptr;
    QAction *keepRuns = nullptr;
    QAction *historyLimit = nullptr;
    QAction *noLimits = nullptr;
    // View, Help
    QAction *fitTimeline = nullptr;
    QAction *about = nullptr;

    // The menus on `bar`, which owns them and their actions.
    static WindowMenus build(QMenuBar *bar);
};

} // namespace interleave::ui
