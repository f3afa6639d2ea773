#pragma once

// Internal to the engine: the interpreter's host on a thread of this process. Output, waits
// and work become spans and events on the thread's track; globals, locks and queues live in
// the process's shared memory; the GIL, when emulated, is held while the program runs.

#include "clock.h"
#include "host.h"
#include "ids.h"
#include "lockgraph.h"

#include <QString>

#include <mutex>
#include <vector>

namespace interleave {

struct RunContext;
class TrackWriter;

class ThreadHost final : public lang::Host
{
public:
    ThreadHost(RunContext &context, TrackWriter &track);

    TrackWriter &track() { return m_track; }
    void setTask(TaskId task) { m_task = task; }

    // Takes the GIL (when emulated) for the program's turn on this thread, and gives it back.
    // enter() throws Stopped when the run is stopped while it waits.
    void enter();
    void leave();
    // A turn of the program on this thread (a call, or the main thread's own code): the time
    // between its spans is the thread running Python code. Turns nest.
    void beginTurn();
    void endTurn();

    void checkpoint() override;
    void print(const std::vector<std::string> &pieces, bool flush) override;
    void sleep(double seconds) override;
    std::uint64_t compute(std::uint32_t from, std::uint32_t to) override;
    lang::Value loadGlobal(int slot) override;
    void storeGlobal(int slot, const lang::Value &value) override;
    void acquire(std::uint32_t lock) override;
    void release(std::uint32_t lock) override;
    void put(std::uint32_t queue, const lang::Value &value) override;
    std::optional<lang::Value> get(std::uint32_t queue) override;
    std::size_t queueSize(std::uint32_t queue) override;
    std::string threadName() override;
    std::int64_t threadId() override;
    std::int64_t processId() override;
    double now(bool monotonic) override;
    bool limited() const override;

private:
    void takeGil();
    // Waits for `lock` until it has it (true), or a stop or the deadlock it is part of ends
    // the wait.
    bool waitFor(std::timed_mutex &mutex, std::uint32_t lock);
    LockGraph::Thread graphThread() const;
    void holds(std::uint32_t lock);
    // A wait that a stop or a deadlock ended at `at`: the thread runs nothing more, so its row
    // ends with the wait, not with the Python code its turns would otherwise resume as it
    // unwinds. Throws Stopped.
    [[noreturn]] void unwind(clock::Ticks at);

    RunContext &m_ctx;
    TrackWriter &m_track;
    TaskId m_task;
    bool m_holding = false;
    std::vector<TaskId> m_turns;        // the task of each turn begun and not ended
    bool m_unwinding = false;           // after unwind(): turns end without resuming
    std::vector<std::uint32_t> m_locks; // held by this thread
};

// Holds the GIL for a scope: the program's turn on a thread.
class GilTurn
{
public:
    // The turn begins before the GIL is asked for, so that a wait for it is part of the turn.
    explicit GilTurn(ThreadHost &host) : m_host(host)
    {
        m_host.beginTurn();
        try {
            m_host.enter();
        } catch (...) {
            m_host.endTurn();
            throw;
        }
    }
    ~GilTurn()
    {
        m_host.leave();
        m_host.endTurn();
    }
    GilTurn(const GilTurn &) = delete;
    GilTurn &operator=(const GilTurn &) = delete;

private:
    ThreadHost &m_host;
};

} // namespace interleave
