#pragma once

namespace interleave::gui {

// Opens the window; with --screenshot FILE runs the workload in it, saves the window as an
// image and exits. Call with a QApplication in place.
int run();

} // namespace interleave::gui
