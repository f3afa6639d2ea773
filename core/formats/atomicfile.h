#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <string_view>

namespace interleave {

// Writes `data` to `path` without destroying what is there. A regular file (or nothing) is
// replaced atomically: through a temporary file in the same folder that is renamed over it
// only once everything is on disk, so a failure (full disk, no permission, a file-size limit)
// leaves no half-written file and no temporary one. A symbolic link is followed: its target is
// replaced and the link stays a link. A character device, a FIFO, or a path under /dev or
// /proc (/dev/stdout) is written in place, never replaced; a FIFO nobody reads and a folder are
// refused. Returns a message naming the file and the reason, or an empty string on success.
QString writeFileAtomically(const QString &path, const QByteArray &data);

// The same for bytes made as they are written (a trace of millions of spans): `produce` is
// handed a function that writes a piece and answers false once writing has failed.
using ByteWriter = std::function<bool(std::string_view)>;
QString writeFileAtomically(const QString &path,
                            const std::function<void(const ByteWriter &)> &produce);

} // namespace interleave
