#include "atomicfile.h"

#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace interleave {

namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

// Not QSaveFile: when a write stops part-way (a full disk, a file-size limit) its buffered
// commit() can still rename a truncated file into place and report success. Here every
// write(), fsync() and close() is checked before the rename.
QString writeFileAtomically(const QString &path, const QByteArray &data)
{
    const QFileInfo target(path);
    const QString dir = target.absolutePath();
    if (!QFileInfo(dir).isDir())
        return QStringLiteral("%1: cannot write: folder %2 does not exist").arg(path, dir);
    if (target.isDir())
        return QStringLiteral("%1: cannot write: it is a folder").arg(path);

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
    const char *p = data.constData();
    qsizetype left = data.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, std::size_t(left));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(n < 0 ? errno : ENOSPC);
        p += n;
        left -= n;
    }
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

} // namespace interleave
