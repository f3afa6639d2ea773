#pragma once

#include "clock.h"
#include "ids.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace interleave {

class StopSource;
class TrackWriter;

// CPython's global interpreter lock, emulated for one process: only its holder may compute.
// A thread that wants it waits up to the switch interval, then asks the holder to drop it;
// the holder checks for that request between small pieces of work and hands it over, then
// waits until the other thread really has it (CPython's forced switching), so it cannot
// take it straight back. Waiting for it is recorded as a gil-wait span, and who holds it as
// spans on a lane of its own.
class Gil
{
public:
    // `lane` is the track that shows who holds the lock; spans on it carry the holder's
    // TrackId in their task field.
    Gil(std::chrono::nanoseconds switchInterval, TrackWriter &lane, const StopSource &stop);

    // Blocks until `self` holds the lock; false if the run was stopped meanwhile.
    bool acquire(TrackWriter &self, TaskId task);
    // Gives it up (before a blocking wait, at the end of a call of `task`).
    void release(TrackWriter &self, TaskId task);
    // Cheap: has a waiting thread asked the holder to drop it?
    bool dropRequested() const { return m_dropRequest.load(std::memory_order_relaxed); }
    // The holder's answer to a drop request: hand the lock over, then take it back in turn.
    // The gil-wait span begins at `since`; returns when it ended (the lock held again), or
    // nothing when stopped.
    std::optional<clock::Ticks> yield(TrackWriter &self, TaskId task, clock::Ticks since);

private:
    void take(TrackWriter &self);
    std::optional<clock::Ticks> waitAndTake(std::unique_lock<std::mutex> &lock, TrackWriter &self);
    void drop();

    const std::chrono::nanoseconds m_interval;
    TrackWriter &m_lane;
    const StopSource &m_stop;
    std::mutex m_mutex;
    std::condition_variable m_released;
    std::condition_variable m_switched;
    bool m_locked = false;
    const TrackWriter *m_holder = nullptr;
    std::uint64_t m_switches = 0;
    std::atomic<bool> m_dropRequest{false};
};

} // namespace interleave
