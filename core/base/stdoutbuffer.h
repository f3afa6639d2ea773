#pragma once

// A process's sys.stdout as CPython's has it: print(a, b) is not one write but one
// TextIOWrapper.write per piece (str(a), the separator, str(b), the end). Each piece joins the
// process's one buffer on its own, and buffering decides when the buffer becomes a write(2):
// after every piece (unbuffered: python -u, IDEs, notebooks), at a newline (line: a terminal)
// or when 8 KiB have gathered (block: a pipe). That system call is the only place where a
// print lets others in: CPython gives up the GIL around it and nowhere else inside print, and
// without the GIL the print holds the buffer between its system calls. So a print tears at
// every piece unbuffered ("Square: Cube:  8"), where a block fills when block-buffered, and
// never line-buffered.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
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

// write(2) of all of `bytes` to `fd`, through short writes and EINTR; false when it failed,
// with errno saying why (ENOSPC when write(2) wrote nothing and said nothing).
bool writeAll(int fd, std::string_view bytes);

class StdoutBuffer
{
public:
    explicit StdoutBuffer(Buffering buffering) : m_buffering(buffering) {}
    Buffering buffering() const { return m_buffering; }

    // One print(): its pieces in order. `write(bytes)` makes one write(2) and records it.
    // `gil.release()` and `gil.take()` give up and take back the interpreter lock, as CPython
    // gives it up around a system call. The buffer is not held during a write, so others
    // append meanwhile (that is how a block tears); writes still reach the pipe in the order
    // their bytes left the buffer. Nobody waits for the GIL while holding a lock of the buffer,
    // so they cannot deadlock.
    template <typename Write, typename Gil>
    void print(const std::vector<std::string> &pieces, bool flush, Write &&write, Gil &&gil)
    {
        std::unique_lock lock(m_mutex, std::defer_lock);
        for (const std::string &piece : pieces) {
            if (piece.empty())
                continue; // CPython writes nothing for ''
            if (!lock.owns_lock())
                lock.lock();
            m_pending += piece;
            if (due(piece))
                writeOut(lock, write, gil);
        }
        if (!lock.owns_lock())
            lock.lock();
        if (flush && !m_pending.empty())
            writeOut(lock, write, gil);
    }

    // What is still buffered, written out (at exit, as CPython flushes sys.stdout).
    template <typename Write> void flush(Write &&write)
    {
        struct NoGil
        {
            void release() {}
            void take() {}
        } noGil;
        std::unique_lock lock(m_mutex);
        if (!m_pending.empty())
            writeOut(lock, write, noGil);
    }

private:
    bool due(const std::string &piece) const
    {
        switch (m_buffering) {
        case Buffering::Unbuffered:
            return true;
        case Buffering::Line:
            // A line-buffered stream still writes a long line in blocks, as CPython's buffer
            // under it does.
            return piece.find('\n') != std::string::npos || m_pending.size() >= kBlockBytes;
        case Buffering::Block:
            return m_pending.size() >= kBlockBytes;
        }
        return true;
    }

    // Takes the buffer out (under `lock`, which it releases) and writes it in its turn.
    template <typename Write, typename Gil>
    void writeOut(std::unique_lock<std::mutex> &lock, Write &write, Gil &gil)
    {
        const std::string out = std::exchange(m_pending, {});
        const std::uint64_t ticket = m_taken++;
        lock.unlock();
        gil.release();
        {
            std::unique_lock turn(m_turnMutex);
            m_turnChanged[ticket % kTurns].wait(turn, [&] { return m_written == ticket; });
        }
        {
            struct NextTurn // the next writer's turn, even if recording throws
            {
                StdoutBuffer &self;
                ~NextTurn()
                {
                    std::uint64_t next = 0;
                    {
                        std::lock_guard turn(self.m_turnMutex);
                        next = ++self.m_written;
                    }
                    self.m_turnChanged[next % kTurns].notify_all();
                }
            } next{*this};
            write(std::string_view(out));
        } // the turn passes on before this thread waits for the GIL again
        gil.take();
    }

    const Buffering m_buffering;
    std::mutex m_mutex; // m_pending, m_taken
    std::string m_pending;
    std::uint64_t m_taken = 0;
    std::mutex m_turnMutex; // m_written
    // A writer waits on the one for its ticket, so that a write wakes the next writer, not
    // every writer waiting: each wake-up is a context switch (4 threads printing 100,000
    // lines each take twice as long with one condition variable). Tickets a multiple of
    // kTurns apart share one.
    static constexpr std::size_t kTurns = 16;
    std::condition_variable m_turnChanged[kTurns];
    std::uint64_t m_written = 0;
};

} // namespace interleave::lang
