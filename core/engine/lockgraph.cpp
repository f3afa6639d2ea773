#include "lockgraph.h"

#include <algorithm>

namespace interleave {

LockGraph::LockGraph(std::uint32_t locks) : m_owner(locks) {}

void LockGraph::held(std::uint32_t lock, const Thread &by)
{
    std::lock_guard guard(m_mutex);
    if (lock < m_owner.size())
        m_owner[lock] = by;
}

void LockGraph::released(std::uint32_t lock)
{
    std::lock_guard guard(m_mutex);
    if (lock < m_owner.size())
        m_owner[lock].reset();
}

std::optional<std::vector<LockGraph::Link>> LockGraph::waits(std::uint32_t lock, const Thread &by)
{
    std::lock_guard guard(m_mutex);
    m_waiting.emplace_back(by, lock);
    return findCycle(by.key);
}

std::optional<std::vector<LockGraph::Link>> LockGraph::cycleOf(const void *by) const
{
    std::lock_guard guard(m_mutex);
    return findCycle(by);
}

void LockGraph::stoppedWaiting(const void *by)
{
    std::lock_guard guard(m_mutex);
    std::erase_if(m_waiting, [&](const auto &w) { return w.first.key == by; });
}

// Follows waits-for → held-by from `from` until it comes back (a cycle through `from`), runs
// into a thread that is not waiting, or has taken more steps than there are waiting threads.
std::optional<std::vector<LockGraph::Link>> LockGraph::findCycle(const void *from) const
{
    const auto waitOf = [&](const void *key) -> const std::pair<Thread, std::uint32_t> * {
        const auto it = std::find_if(m_waiting.begin(), m_waiting.end(),
                                     [&](const auto &w) { return w.first.key == key; });
        return it == m_waiting.end() ? nullptr : &*it;
    };
    std::vector<Link> cycle;
    const void *at = from;
    for (std::size_t step = 0; step <= m_waiting.size(); ++step) {
        const auto *wait = waitOf(at);
        if (wait == nullptr || wait->second >= m_owner.size() || !m_owner[wait->second])
            return std::nullopt;
        const Thread &owner = *m_owner[wait->second];
        cycle.push_back({wait->first, 0, wait->second});
        if (owner.key == from) {
            // Each thread holds the lock the one before it waits for.
            for (std::size_t i = 0; i < cycle.size(); ++i)
                cycle[i].holds = cycle[(i + cycle.size() - 1) % cycle.size()].waitsFor;
            const auto first =
                std::min_element(cycle.begin(), cycle.end(), [](const Link &a, const Link &b) {
                    return a.thread.order < b.thread.order;
                });
            std::rotate(cycle.begin(), first, cycle.end());
            return cycle;
        }
        at = owner.key;
    }
    return std::nullopt;
}

namespace {
std::string lockName(std::uint32_t lock, const std::vector<std::string> &lockNames)
{
    return lock < lockNames.size() ? lockNames[lock] : "lock " + std::to_string(lock);
}
} // namespace

std::string describeLink(const LockGraph::Link &link, const std::vector<std::string> &lockNames)
{
    return "holds " + lockName(link.holds, lockNames) + " and waits for " +
           lockName(link.waitsFor, lockNames);
}

std::string describeCycle(const std::vector<LockGraph::Link> &cycle,
                          const std::vector<std::string> &lockNames)
{
    std::string text = "deadlock: ";
    for (std::size_t i = 0; i < cycle.size(); ++i)
        text +=
            (i > 0 ? "; " : "") + cycle[i].thread.name + " " + describeLink(cycle[i], lockNames);
    return text;
}

} // namespace interleave
