#include "gil.h"

#include "recorder.h"
#include "stopsource.h"

namespace interleave {

Gil::Gil(std::chrono::nanoseconds switchInterval, TrackWriter &lane, const StopSource &stop)
    : m_interval(switchInterval), m_lane(lane), m_stop(stop)
{}

void Gil::take(TrackWriter &self)
{
    m_locked = true;
    m_holder = &self;
    ++m_switches;
    // A new holder starts with a clean slate, as in CPython's take_gil().
    m_dropRequest.store(false, std::memory_order_relaxed);
    // The lane's writer changes with the holder; the mutex orders them.
    m_lane.begin(TaskId(self.id().value()), SpanKind::Compute, clock::ticks());
    m_switched.notify_all();
}

void Gil::drop()
{
    m_lane.end(clock::ticks());
    m_locked = false;
    m_holder = nullptr;
    m_released.notify_one();
}

bool Gil::acquire(TrackWriter &self, TaskId task)
{
    std::unique_lock lock(m_mutex);
    if (!m_locked) {
        take(self);
        return true;
    }
    self.begin(task, SpanKind::GilWait, clock::ticks());
    while (m_locked) {
        if (m_stop.stopRequested()) {
            self.end(clock::ticks());
            return false;
        }
        const std::uint64_t before = m_switches;
        const bool released = m_released.wait_for(lock, m_interval, [this] { return !m_locked; });
        // A whole interval without a switch: ask the holder to let go.
        if (!released && m_switches == before)
            m_dropRequest.store(true, std::memory_order_relaxed);
    }
    take(self);
    self.end(clock::ticks());
    return true;
}

void Gil::release(TrackWriter &self)
{
    std::unique_lock lock(m_mutex);
    if (m_holder != &self)
        return;
    const bool asked = m_dropRequest.load(std::memory_order_relaxed);
    const std::uint64_t before = m_switches;
    drop();
    // As CPython's drop_gil: when another thread has asked for the lock, giving it up (around
    // a write or a sleep too) waits until that thread really has it.
    while (asked && m_switches == before && !m_stop.stopRequested())
        m_switched.wait_for(lock, m_interval);
}

bool Gil::yield(TrackWriter &self, TaskId task)
{
    {
        std::unique_lock lock(m_mutex);
        if (m_holder != &self)
            return true;
        const std::uint64_t before = m_switches;
        drop();
        // Forced switching: wait until the thread that asked has it, so that this one does not
        // win the lock straight back. Bounded, in case the asker gave up (a stop).
        while (m_switches == before && !m_stop.stopRequested())
            m_switched.wait_for(lock, m_interval);
    }
    return acquire(self, task);
}

} // namespace interleave
