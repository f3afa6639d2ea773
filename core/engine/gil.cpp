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
    return waitAndTake(lock, self).has_value();
}

// With a gil-wait span open on `self`: waits for the lock, asking the holder to drop it after
// each interval without a switch, takes it and closes the span. False when stopped.
std::optional<clock::Ticks> Gil::waitAndTake(std::unique_lock<std::mutex> &lock, TrackWriter &self)
{
    while (m_locked) {
        if (m_stop.stopRequested()) {
            self.end(clock::ticks());
            return std::nullopt;
        }
        const std::uint64_t before = m_switches;
        const bool released = m_released.wait_for(lock, m_interval, [this] { return !m_locked; });
        // A whole interval without a switch: ask the holder to let go.
        if (!released && m_switches == before)
            m_dropRequest.store(true, std::memory_order_relaxed);
    }
    take(self);
    const clock::Ticks held = clock::ticks();
    self.end(held);
    return held;
}

void Gil::release(TrackWriter &self, TaskId task)
{
    std::unique_lock lock(m_mutex);
    if (m_holder != &self)
        return;
    const bool asked = m_dropRequest.load(std::memory_order_relaxed);
    const std::uint64_t before = m_switches;
    drop();
    // As CPython's drop_gil: when another thread has asked for the lock, giving it up (around
    // a write or a sleep too) waits until that thread really has it. That wait is the GIL's
    // too, and drawn as such.
    if (!asked)
        return;
    self.begin(task, SpanKind::GilWait, clock::ticks());
    while (m_switches == before && !m_stop.stopRequested())
        m_switched.wait_for(lock, m_interval);
    self.end(clock::ticks());
}

std::optional<clock::Ticks> Gil::yield(TrackWriter &self, TaskId task, clock::Ticks since)
{
    std::unique_lock lock(m_mutex);
    if (m_holder != &self)
        return since;
    const std::uint64_t before = m_switches;
    drop();
    // From here until it holds the lock again the thread waits for it, in two parts: forced
    // switching (until the thread that asked has it, so that this one does not win it straight
    // back; bounded, in case the asker gave up) and then its turn. One gil-wait span covers
    // both, so no time between dropping the lock and holding it again goes unrecorded.
    self.begin(task, SpanKind::GilWait, since);
    while (m_switches == before && !m_stop.stopRequested())
        m_switched.wait_for(lock, m_interval);
    return waitAndTake(lock, self);
}

} // namespace interleave
