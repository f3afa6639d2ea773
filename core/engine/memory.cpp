#include "memory.h"

#include "recorder.h"

#include <QString>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

namespace interleave {

// A spin lock around one slot: held for a copy of a value, never across a wait.
class SharedMemory::Guard
{
public:
    explicit Guard(const Slot &slot) : m_slot(slot)
    {
        for (int spins = 0; m_slot.busy.test_and_set(std::memory_order_acquire); ++spins) {
            if (spins > 64)
                std::this_thread::yield(); // the holder was preempted: let it finish
        }
    }
    ~Guard() { m_slot.busy.clear(std::memory_order_release); }
    Guard(const Guard &) = delete;
    Guard &operator=(const Guard &) = delete;

private:
    const Slot &m_slot;
};

SharedMemory::SharedMemory(const lang::Program &program)
    : m_slotCount(program.globals.size()), m_lockCount(program.locks),
      m_slots(std::make_unique<Slot[]>(m_slotCount)),
      m_locks(std::make_unique<std::timed_mutex[]>(program.locks)), m_queues(program.queues)
{}

lang::Value SharedMemory::load(int slot) const
{
    const Slot &s = m_slots[std::size_t(slot)];
    const Guard guard(s);
    return s.value;
}

void SharedMemory::store(int slot, const lang::Value &value)
{
    Slot &s = m_slots[std::size_t(slot)];
    lang::Value old;
    {
        const Guard guard(s);
        old = std::exchange(s.value, value);
    } // the old value is released outside the lock
}

std::vector<lang::Value> SharedMemory::snapshot() const
{
    std::vector<lang::Value> values;
    values.reserve(m_slotCount);
    for (std::size_t i = 0; i < m_slotCount; ++i)
        values.push_back(load(int(i)));
    return values;
}

std::timed_mutex &SharedMemory::lock(std::uint32_t id)
{
    if (id >= m_lockCount)
        lang::raise("ValueError", "no such lock");
    return m_locks[id];
}

std::deque<lang::Value> &SharedMemory::queue(std::uint32_t id)
{
    if (id >= m_queues.size())
        lang::raise("ValueError", "no such queue");
    return m_queues[id];
}

void SharedMemory::put(std::uint32_t id, lang::Value value)
{
    std::lock_guard lock(m_queueMutex);
    queue(id).push_back(std::move(value));
}

std::optional<lang::Value> SharedMemory::get(std::uint32_t id)
{
    std::lock_guard lock(m_queueMutex);
    std::deque<lang::Value> &q = queue(id);
    if (q.empty())
        return std::nullopt;
    lang::Value v = std::move(q.front());
    q.pop_front();
    return v;
}

std::size_t SharedMemory::size(std::uint32_t id)
{
    std::lock_guard lock(m_queueMutex);
    return queue(id).size();
}

RunStdout::RunStdout(lang::Buffering buffering) : m_buffer(buffering)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        m_error = QStringLiteral("could not make the stdout pipe: %1")
                      .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
    // Above 0-2: were interleave started with a standard descriptor closed, the pipe could get
    // that number, and a worker's own stdin, stdout or stderr would be set over it.
    m_readFd = ::fcntl(fds[0], F_DUPFD_CLOEXEC, 3);
    m_writeFd = ::fcntl(fds[1], F_DUPFD_CLOEXEC, 3);
    ::close(fds[0]);
    ::close(fds[1]);
    if (m_readFd < 0 || m_writeFd < 0) {
        m_error = QStringLiteral("could not make the stdout pipe: %1")
                      .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
    m_reader = std::thread([this] { readLoop(); });
}

RunStdout::~RunStdout()
{
    if (m_writeFd >= 0)
        ::close(m_writeFd);
    if (m_reader.joinable())
        m_reader.join();
    if (m_readFd >= 0)
        ::close(m_readFd);
}

void RunStdout::readLoop()
{
    char chunk[16 * 1024];
    for (;;) {
        const ssize_t n = ::read(m_readFd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; // every write end is closed
        std::lock_guard lock(m_streamMutex);
        m_stream.append(chunk, n);
    }
}

void RunStdout::write(TrackWriter &track, TaskId task, std::string_view bytes)
{
    // Stamped, written and added to the lines under one lock, so the order of the stamps is
    // the order of the stream and of its lines: a write belongs to the first line that ended
    // at or after it, whichever thread ended it. (The pipe serialises the writes anyway.)
    std::lock_guard lock(m_linesMutex);
    const clock::Ticks at = clock::ticks();
    lang::writeAll(m_writeFd, bytes);
    addToLines(track, task, at, bytes);
}

void RunStdout::recordWrite(TrackWriter &track, TaskId task, clock::Ticks at,
                            std::string_view bytes)
{
    std::lock_guard lock(m_linesMutex);
    addToLines(track, task, at, bytes);
}

void RunStdout::addToLines(TrackWriter &track, TaskId task, clock::Ticks at, std::string_view bytes)
{
    track.event(task, EventKind::Write, at,
                QString::fromUtf8(bytes.data(), qsizetype(bytes.size())));
    for (;;) {
        const std::size_t nl = bytes.find('\n');
        if (nl == std::string_view::npos) {
            m_partial.append(bytes);
            if (m_partial.size() > lang::kMaxStrBytes) {
                // A line that never ends (print(x, end='') in a loop) is cut into 1 MiB lines.
                track.event(task, EventKind::Print, at, QString::fromStdString(m_partial));
                m_partial.clear();
            }
            return;
        }
        m_partial.append(bytes.substr(0, nl));
        track.event(task, EventKind::Print, at, QString::fromStdString(m_partial));
        m_partial.clear();
        bytes.remove_prefix(nl + 1);
    }
}

void RunStdout::finish(TrackWriter &main)
{
    m_buffer.flush([&](std::string_view bytes) { write(main, TaskId(), bytes); });
    {
        std::lock_guard lock(m_linesMutex);
        if (!m_partial.empty())
            main.event(TaskId(), EventKind::Print, clock::ticks(),
                       QString::fromStdString(m_partial));
        m_partial.clear();
    }
    if (m_writeFd >= 0)
        ::close(m_writeFd);
    m_writeFd = -1;
    if (m_reader.joinable())
        m_reader.join();
}

QByteArray RunStdout::stream() const
{
    std::lock_guard lock(m_streamMutex);
    return m_stream;
}

} // namespace interleave
