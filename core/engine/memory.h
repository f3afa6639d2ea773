#pragma once

// Internal to the engine: the memory a process's threads share while a run goes on, as a
// Python process's threads share its module globals, locks, queues and stdout.

#include "clock.h"
#include "ids.h"
#include "program.h"
#include "stdoutbuffer.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace interleave {

class TrackWriter;

class SharedMemory
{
public:
    explicit SharedMemory(const lang::Program &program);

    // One load or one store is indivisible, as one bytecode is in CPython; a load followed
    // by a store is not, so threads that interleave them lose updates for real.
    lang::Value load(int slot) const;
    void store(int slot, const lang::Value &value);
    std::vector<lang::Value> snapshot() const;

    // Ids come from values, which a worker process may have sent: checked, never trusted.
    std::timed_mutex &lock(std::uint32_t id);

    void put(std::uint32_t queue, lang::Value value);
    std::optional<lang::Value> get(std::uint32_t queue);
    std::size_t size(std::uint32_t queue);

private:
    struct Slot
    {
        mutable std::atomic_flag busy;
        lang::Value value;
    };
    class Guard;

    std::deque<lang::Value> &queue(std::uint32_t id);

    std::size_t m_slotCount = 0;
    std::uint32_t m_lockCount = 0;
    std::unique_ptr<Slot[]> m_slots;
    std::unique_ptr<std::timed_mutex[]> m_locks;
    std::mutex m_queueMutex;
    std::vector<std::deque<lang::Value>> m_queues;
};

// The run's stdout: a real pipe that every thread of this process and every worker process
// writes to with write(2), as they would share a terminal, and that the run reads back. Each
// write is recorded as a Write event on the writer's track, and each finished line of the
// stream as a Print event on the track of the thread that finished it.
class RunStdout
{
public:
    explicit RunStdout(lang::Buffering buffering);
    ~RunStdout();
    RunStdout(const RunStdout &) = delete;
    RunStdout &operator=(const RunStdout &) = delete;

    // False, with the reason, when the pipe could not be made.
    bool isOpen() const { return m_writeFd >= 0; }
    QString error() const { return m_error; }
    // For worker processes, which write to it as their own stdout.
    int writeFd() const { return m_writeFd; }
    // This process's sys.stdout, shared by its threads.
    lang::StdoutBuffer &buffer() { return m_buffer; }

    // One write(2) by a thread of this process, made and recorded.
    void write(TrackWriter &track, TaskId task, std::string_view bytes);
    // A write a worker process made itself, recorded.
    void recordWrite(TrackWriter &track, TaskId task, clock::Ticks at, std::string_view bytes);
    // At the end of the run: writes what this process still buffers, records the unfinished
    // last line, closes the pipe and waits until everything written has been read back.
    void finish(TrackWriter &main);
    // Everything read back from the pipe, in the order the kernel delivered it.
    QByteArray stream() const;

private:
    void readLoop();
    // Records the write and the lines it ends; the caller holds m_linesMutex.
    void addToLines(TrackWriter &track, TaskId task, clock::Ticks at, std::string_view bytes);

    lang::StdoutBuffer m_buffer;
    int m_readFd = -1;
    int m_writeFd = -1;
    QString m_error;
    std::thread m_reader;
    mutable std::mutex m_streamMutex;
    QByteArray m_stream;
    std::mutex m_linesMutex; // also orders the stamps of this process's writes
    std::string m_partial;   // the stream's unfinished line
};

} // namespace interleave
