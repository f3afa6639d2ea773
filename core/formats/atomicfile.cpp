#include "atomicfile.h"

#include "stdoutbuffer.h"

#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <sys/stat.h>
#include <unistd.h>

namespace interleave {

namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

using Producer = std::function<void(const ByteWriter &)>;

// write(2) of all that `produce` makes; 0 or the errno that stopped it.
int writeAll(int fd, const Producer &produce)
{
    int error = 0;
    try {
        produce([&](std::string_view bytes) {
            if (error == 0 && !lang::writeAll(fd, bytes))
                error = errno != 0 ? errno : EIO;
            return error == 0;
        });
    } catch (const std::bad_alloc &) { // the caller removes the temporary file
        return ENOMEM;
    }
    return error;
}

// Where a path that does not exist yet leads: through the links on the way, so that a
// dangling link's target is created and the link kept. A relative target is taken from the
// link's real folder, as the kernel does. Empty after 40 links (a loop), as the kernel's ELOOP.
QByteArray resolveMissing(QByteArray path)
{
    for (int hops = 0; hops < 40; ++hops) {
        struct stat st
        {};
        if (::lstat(path.constData(), &st) != 0 || !S_ISLNK(st.st_mode))
            return path;
        QByteArray link(PATH_MAX, '\0');
        const ssize_t n = ::readlink(path.constData(), link.data(), std::size_t(link.size()));
        if (n <= 0)
            return path;
        link.truncate(n);
        if (!link.startsWith('/')) {
            const QByteArray dir = QFile::encodeName(QFileInfo(QFile::decodeName(path)).path());
            char real[PATH_MAX];
            link =
                QByteArray(::realpath(dir.constData(), real) != nullptr ? real : dir.constData()) +
                '/' + link;
        }
        path = link;
    }
    return {};
}

// Devices, FIFOs and streams: opened and written where they are.
// `flags`: O_APPEND for a regular file reached through /dev or /proc (the caller's open file,
// such as /dev/stdout redirected to a file: written after what is there, not over it).
QString writeInPlace(const QString &path, const Producer &data, int flags)
{
    // Non-blocking open: a FIFO nobody reads fails at once instead of hanging.
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK | flags);
    if (fd < 0) {
        const int error = errno;
        return error == ENXIO ? QStringLiteral("%1: cannot write: nothing is reading from it "
                                               "(a FIFO needs a reader)")
                                    .arg(path)
                              : QStringLiteral("%1: cannot write: %2").arg(path, errnoText(error));
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    const int error = writeAll(fd, data);
    if (::close(fd) != 0 && error == 0)
        return QStringLiteral("%1: write failed: %2").arg(path, errnoText(errno));
    return error == 0 ? QString()
                      : QStringLiteral("%1: write failed: %2").arg(path, errnoText(error));
}

QString replaceAtomically(const QString &path, const Producer &data);

} // namespace

QString writeFileAtomically(const QString &path, const QByteArray &data)
{
    return writeFileAtomically(path, [&](const ByteWriter &write) {
        write({data.constData(), std::size_t(data.size())});
    });
}

QString writeFileAtomically(const QString &path, const Producer &data)
{
    if (path.isEmpty())
        return QStringLiteral("cannot write: no file name given");
    const QByteArray native = QFile::encodeName(path);
    struct stat st
    {};
    const bool exists = ::stat(native.constData(), &st) == 0;
    if (!exists && errno != ENOENT) // a link loop, no permission, ...: nothing to replace blindly
        return QStringLiteral("%1: cannot write: %2").arg(path, errnoText(errno));
    if (exists && S_ISDIR(st.st_mode))
        return QStringLiteral("%1: cannot write: it is a folder").arg(path);
    const bool stream = native.startsWith("/dev/") || native.startsWith("/proc/");
    if (exists && (!S_ISREG(st.st_mode) || stream))
        return writeInPlace(path, data, S_ISREG(st.st_mode) ? O_APPEND : 0);
    if (!exists && stream)
        return QStringLiteral("%1: cannot write: %2").arg(path, errnoText(errno));
    // A regular file or nothing: replace the file the path leads to, never a link on the way.
    char resolved[PATH_MAX];
    const QByteArray target = exists && ::realpath(native.constData(), resolved) != nullptr
                                  ? QByteArray(resolved)
                                  : resolveMissing(native);
    if (target.isEmpty())
        return QStringLiteral("%1: cannot write: %2").arg(path, errnoText(ELOOP));
    return replaceAtomically(QFile::decodeName(target), data);
}

namespace {

// Not QSaveFile: when a write stops part-way (a full disk, a file-size limit) its buffered
// commit() can still rename a truncated file into place and report success. Here every
// write(), fsync() and close() is checked before the rename.
QString replaceAtomically(const QString &path, const Producer &data)
{
    const QFileInfo target(path);
    const QString dir = target.absolutePath();
    if (!QFileInfo(dir).isDir())
        return QStringLiteral("%1: cannot write: folder %2 does not exist").arg(path, dir);

    QByteArray tmpl = QFile::encodeName(dir + QStringLiteral("/.") + target.fileName() +
                                        QStringLiteral(".XXXXXX"));
    const int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
    if (fd < 0)
        return QStringLiteral("%1: cannot write: %2").arg(path, errnoText(errno));

    const auto fail = [&](int error) {
        ::close(fd);
        ::unlink(tmpl.constData());
        return QStringLiteral("%1: write failed: %2").arg(path, errnoText(error));
    };
    if (const int error = writeAll(fd, data); error != 0)
        return fail(error);
    // mkstemp makes 0600; an exported file is meant to be shared like any document. (Reading
    // the umask means setting it, which races with other threads, so use the usual 0644.)
    ::fchmod(fd, 0644);
    if (::fsync(fd) != 0)
        return fail(errno);
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(tmpl.constData());
        return QStringLiteral("%1: write failed: %2").arg(path, errnoText(error));
    }
    if (::rename(tmpl.constData(), QFile::encodeName(path).constData()) != 0) {
        const int error = errno;
        ::unlink(tmpl.constData());
        return QStringLiteral("%1: cannot write: %2").arg(path, errnoText(error));
    }
    return {};
}

} // namespace

} // namespace interleave
