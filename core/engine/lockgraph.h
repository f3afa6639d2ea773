#pragma once

// Internal to the engine: who holds which lock and who waits for which, as a wait-for graph, so
// that the wait that closes a cycle (Thread-1 holds a and waits for b, Thread-2 holds b and
// waits for a) is seen the moment it begins, instead of hanging the run for ever.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace interleave {

class LockGraph
{
public:
    // A thread as the graph knows it: a stable key, its name and an order to start a cycle at.
    struct Thread
    {
        const void *key = nullptr;
        std::string name;
        std::uint32_t order = 0;
    };
    // One thread of a cycle: it holds `holds` and waits for `waitsFor`.
    struct Link
    {
        Thread thread;
        std::uint32_t holds = 0;
        std::uint32_t waitsFor = 0;
    };

    explicit LockGraph(std::uint32_t locks);

    void held(std::uint32_t lock, const Thread &by);
    void released(std::uint32_t lock);
    // `by` waits for `lock` from now on. The cycle this wait closes, if it closes one, starting
    // at the thread with the lowest order.
    std::optional<std::vector<Link>> waits(std::uint32_t lock, const Thread &by);
    // The cycle `by`'s wait is part of now, if any (owners change while it waits).
    std::optional<std::vector<Link>> cycleOf(const void *by) const;
    void stoppedWaiting(const void *by);

private:
    std::optional<std::vector<Link>> findCycle(const void *from) const;

    mutable std::mutex m_mutex;
    std::vector<std::optional<Thread>> m_owner;              // by lock
    std::vector<std::pair<Thread, std::uint32_t>> m_waiting; // thread and the lock it waits for
};

// "holds a and waits for b"
std::string describeLink(const LockGraph::Link &link, const std::vector<std::string> &lockNames);
// "deadlock: Thread-1 holds a and waits for b; Thread-2 holds b and waits for a"
std::string describeCycle(const std::vector<LockGraph::Link> &cycle,
                          const std::vector<std::string> &lockNames);

} // namespace interleave
