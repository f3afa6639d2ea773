#pragma once

#include <QByteArray>
#include <QString>

namespace interleave {

// Writes `data` to `path` through a temporary file in the same folder that is renamed over the
// target only once everything is on disk, so a failure (full disk, no permission) leaves no
// half-written file. Returns a message naming the file and the reason, or an empty string on
// success.
QString writeFileAtomically(const QString &path, const QByteArray &data);

} // namespace interleave
