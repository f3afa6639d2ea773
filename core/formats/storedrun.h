#pragma once

// A finished run as bytes the run library keeps, and back: everything that shaped it and
// everything it recorded, so that a reopened run is the run (its trace equal to the stored
// one), not a summary of it.

#include "runresult.h"

#include <QByteArray>

namespace interleave {

// Compressed, versioned and self-contained: the workload's own JSON goes with it.
QByteArray encodeStoredRun(const RunResult &run);
// The run, or nothing and `error` saying what was wrong with the bytes.
std::optional<RunResult> decodeStoredRun(const QByteArray &bytes, QString *error);

} // namespace interleave
