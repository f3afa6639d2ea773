#pragma once

// A process's sys.stdout as CPython's has it: print(a, b) is not one write but one per piece
// (str(a), the separator, str(b), the end), and buffering decides which of them become a
// write(2). Unbuffered (python -u, IDEs, notebooks): every piece is a write, and another
// thread can get in between the pieces, which is how "Square: Cube:  8" happens. Line (a
// terminal): a write per finished line, so a print is never torn. Block (a pipe): a write
// whenever 8 KiB have gathered, so prints tear only where the block fills.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace interleave::lang {

enum class Buffering : std::uint8_t
{
    Unbuffered,
    Line,
    Block
};
inline constexpr Buffering kLastBuffering = Buffering::Block;
inline constexpr std::size_t kBlockBytes = 8192;

const char *bufferingName(Buffering b);

// write(2) of all of `bytes` to `fd`, through short writes and EINTR; false when it failed.
bool writeAll(int fd, std::string_view bytes);

class StdoutBuffer
{
public:
    explicit StdoutBuffer(Buffering buffering) : m_buffering(buffering) {}
    Buffering buffering() const { return m_buffering; }

    // One print(): its pieces in order. `write(bytes)` makes one write(2) and records it.
    // `gil.release()` and `gil.take()` give up and take back the interpreter lock, as CPython
    // gives it up around a system call. Writes keep their order, because the buffer is held
    // while one is made; and nobody waits for the GIL while holding the buffer, so the two
    // locks cannot deadlock.
    template <typename Write, typename Gil>
    void print(const std::vector<std::string> &pieces, bool flush, Write &&write, Gil &&gil)
    {
        if (m_buffering == Buffering::Unbuffered) {
            for (const std::string &piece : pieces) {
                if (piece.empty())
                    continue; // CPython writes nothing for ''
                gil.release();
                {
                    std::lock_guard lock(m_mutex);
                    write(std::string_view(piece));
                }
                gil.take();
            }
            return;
        }
        bool released = false;
        {
            std::unique_lock lock(m_mutex);
            for (const std::string &piece : pieces) {
                m_pending += piece;
                const bool line =
                    m_buffering == Buffering::Line && piece.find('\n') != std::string::npos;
                // A line-buffered stream still writes a long line in blocks, as CPython's
                // buffer under it does.
                const bool full = m_pending.size() >= kBlockBytes;
                if (!line && !full)
                    continue;
                released = drain(write, gil) || released;
                if (full) {
                    // Between blocks another thread may get its print in: a torn block.
                    lock.unlock();
                    std::this_thread::yield();
                    lock.lock();
                }
            }
            if (flush)
                released = drain(write, gil) || released;
        }
        if (released)
            gil.take();
    }

    // What is still buffered, written out (at exit, as CPython flushes sys.stdout).
    template <typename Write> void flush(Write &&write)
    {
        std::lock_guard lock(m_mutex);
        const std::string out = std::exchange(m_pending, {});
        if (!out.empty())
            write(std::string_view(out));
    }

private:
    template <typename Write, typename Gil> bool drain(Write &write, Gil &gil)
    {
        if (m_pending.empty())
            return false;
        gil.release();
        // Taken out first: should recording throw, the bytes are not written twice.
        const std::string out = std::exchange(m_pending, {});
        write(std::string_view(out));
        return true;
    }

    const Buffering m_buffering;
    std::mutex m_mutex;
    std::string m_pending;
};

} // namespace interleave::lang
