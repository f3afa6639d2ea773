#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace interleave {

// Asks a run to stop. Computation polls stopRequested() between small pieces of work; waits
// block in waitFor(), which a stop request interrupts at once.
class StopSource
{
public:
    void requestStop();
    bool stopRequested() const noexcept { return m_stop.load(std::memory_order_relaxed); }

    // Blocks for `duration` (a real wait, on CLOCK_MONOTONIC) unless a stop is requested.
    // Returns true when the whole duration elapsed, false when interrupted.
    bool waitFor(std::chrono::nanoseconds duration) const;

private:
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_cv;
};

} // namespace interleave
