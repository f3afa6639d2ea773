#include "stdoutbuffer.h"

#include <cerrno>
#include <unistd.h>

namespace interleave::lang {

const char *bufferingName(Buffering b)
{
    switch (b) {
    case Buffering::Unbuffered:
        return "unbuffered";
    case Buffering::Line:
        return "line";
    case Buffering::Block:
        return "block";
    }
    return "unbuffered";
}

bool writeAll(int fd, std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0)
            errno = ENOSPC;
        if (n <= 0)
            return false;
        bytes.remove_prefix(std::size_t(n));
    }
    return true;
}

} // namespace interleave::lang
