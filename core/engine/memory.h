#pragma once

// Internal to the engine: the memory a process's threads share while a run goes on, as a
// Python process's threads share its module globals, locks, queues and stdout.

#include "ids.h"
#include "program.h"

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
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

    std::timed_mutex &lock(std::uint32_t id) { return m_locks[id]; }

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

    std::size_t m_slotCount = 0;
    std::unique_ptr<Slot[]> m_slots;
    std::unique_ptr<std::timed_mutex[]> m_locks;
    std::mutex m_queueMutex;
    std::vector<std::deque<lang::Value>> m_queues;
};

// The run's stdout, cut into lines: each finished line is a Print event on the track of the
// thread that finished it. Threads and worker processes share it, as they share a terminal.
class Stdout
{
public:
    void write(TrackWriter &track, TaskId task, std::string_view text);
    // What is left without a newline at the end of the run.
    void flush(TrackWriter &track);

private:
    std::mutex m_mutex;
    std::string m_pending;
};

} // namespace interleave
