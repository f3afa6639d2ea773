#include "memory.h"

#include "recorder.h"

#include <QString>

#include <thread>

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
    : m_slotCount(program.globals.size()), m_slots(std::make_unique<Slot[]>(m_slotCount)),
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

void SharedMemory::put(std::uint32_t queue, lang::Value value)
{
    std::lock_guard lock(m_queueMutex);
    m_queues[queue].push_back(std::move(value));
}

std::optional<lang::Value> SharedMemory::get(std::uint32_t queue)
{
    std::lock_guard lock(m_queueMutex);
    if (m_queues[queue].empty())
        return std::nullopt;
    lang::Value v = std::move(m_queues[queue].front());
    m_queues[queue].pop_front();
    return v;
}

std::size_t SharedMemory::size(std::uint32_t queue)
{
    std::lock_guard lock(m_queueMutex);
    return m_queues[queue].size();
}

void Stdout::write(TrackWriter &track, TaskId task, std::string_view text)
{
    std::lock_guard lock(m_mutex);
    for (;;) {
        const std::size_t nl = text.find('\n');
        if (nl == std::string_view::npos) {
            m_pending.append(text);
            return;
        }
        m_pending.append(text.substr(0, nl));
        track.event(task, EventKind::Print, clock::ticks(), QString::fromStdString(m_pending));
        m_pending.clear();
        text.remove_prefix(nl + 1);
    }
}

void Stdout::flush(TrackWriter &track)
{
    std::lock_guard lock(m_mutex);
    if (m_pending.empty())
        return;
    track.event(TaskId(), EventKind::Print, clock::ticks(), QString::fromStdString(m_pending));
    m_pending.clear();
}

} // namespace interleave
