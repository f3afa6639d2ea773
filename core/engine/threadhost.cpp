#include "threadhost.h"

#include "compute.h"
#include "gil.h"
#include "recorder.h"
#include "runcontext.h"
#include "stopsource.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unistd.h>

namespace interleave {

ThreadHost::ThreadHost(RunContext &context, TrackWriter &track) : m_ctx(context), m_track(track) {}

void ThreadHost::takeGil()
{
    if (m_ctx.gil && !m_holding) {
        if (!m_ctx.gil->acquire(m_track, m_task))
            throw lang::Stopped{};
        m_holding = true;
    }
}

void ThreadHost::enter()
{
    takeGil();
}

void ThreadHost::leave()
{
    if (m_ctx.gil && m_holding) {
        m_ctx.gil->release(m_track, m_task);
        m_holding = false;
    }
}

void ThreadHost::beginTurn()
{
    m_turns.push_back(m_task);
    m_track.setBackground(m_task, SpanKind::Python, clock::ticks());
}

void ThreadHost::endTurn()
{
    m_turns.pop_back();
    const clock::Ticks now = clock::ticks();
    if (m_turns.empty() || m_unwinding)
        m_track.clearBackground(now);
    else
        m_track.setBackground(m_turns.back(), SpanKind::Python, now);
}

bool ThreadHost::limited() const
{
    return m_ctx.options.limited;
}

void ThreadHost::checkpoint()
{
    if (m_ctx.stop.stopRequested())
        throw lang::Stopped{};
    Gil *gil = m_ctx.gil.get();
    if (gil != nullptr && m_holding && gil->dropRequested() &&
        !gil->yield(m_track, m_task, clock::ticks()))
        throw lang::Stopped{};
}

void ThreadHost::print(const std::vector<std::string> &pieces, bool flush)
{
    // Under the GIL, a write gives it up around the system call, as CPython's does.
    struct GilHandle
    {
        ThreadHost &host;
        void release() { host.leave(); }
        void take() { host.takeGil(); }
    } gil{*this};
    m_ctx.out.buffer().print(
        pieces, flush, [this](std::string_view bytes) { m_ctx.out.write(m_track, m_task, bytes); },
        gil);
}

void ThreadHost::sleep(double seconds)
{
    // Blocking I/O releases the GIL and takes it back afterwards.
    leave();
    m_track.begin(m_task, SpanKind::Wait, clock::ticks());
    const bool done = m_ctx.stop.waitFor(std::chrono::nanoseconds(std::llround(seconds * 1e9)));
    if (!done)
        unwind(clock::ticks());
    m_track.end(clock::ticks());
    takeGil();
}

std::uint64_t ThreadHost::compute(std::uint32_t from, std::uint32_t to)
{
    Gil *gil = m_ctx.gil.get();
    bool stopped = false;
    m_track.begin(m_task, SpanKind::Compute, clock::ticks());
    const auto primes = countPrimes(from, to, [&] {
        if (m_ctx.stop.stopRequested())
            return false;
        if (gil != nullptr && m_holding && gil->dropRequested()) {
            // Asked to let another thread run: the computation pauses, and the wait for the
            // lock's return is a span of its own.
            // One moment ends the computing and begins the wait, and one ends the wait and
            // resumes the computing: the row has no gap however the threads are scheduled.
            const clock::Ticks paused = clock::ticks();
            m_track.end(paused);
            const auto resumed = gil->yield(m_track, m_task, paused);
            if (!resumed) {
                stopped = true;
                return false;
            }
            m_track.begin(m_task, SpanKind::Compute, *resumed);
        }
        return true;
    });
    if (!stopped)
        m_track.end(clock::ticks());
    if (!primes)
        throw lang::Stopped{};
    return *primes;
}

lang::Value ThreadHost::loadGlobal(int slot)
{
    return m_ctx.memory.load(slot);
}

void ThreadHost::storeGlobal(int slot, const lang::Value &value)
{
    m_ctx.memory.store(slot, value);
}

void ThreadHost::acquire(std::uint32_t lock)
{
    std::timed_mutex &mutex = m_ctx.memory.lock(lock);
    if (std::find(m_locks.begin(), m_locks.end(), lock) != m_locks.end())
        lang::raise("RuntimeError", "this thread already holds the lock; a threading.Lock is "
                                    "not re-entrant, so Python would wait here for ever");
    if (mutex.try_lock()) {
        holds(lock);
        return;
    }
    // Waiting for the lock gives up the GIL, as CPython's lock.acquire() does; the wait is a
    // lock-wait span, and a stop or a deadlock ends it.
    leave();
    m_track.begin(m_task, SpanKind::LockWait, clock::ticks());
    const bool locked = waitFor(mutex, lock);
    if (!locked)
        unwind(clock::ticks());
    m_track.end(clock::ticks());
    try {
        takeGil();
    } catch (const lang::Stopped &) {
        mutex.unlock();
        throw;
    }
    holds(lock);
}

void ThreadHost::unwind(clock::Ticks at)
{
    m_track.end(at);
    m_track.clearBackground(at);
    m_unwinding = true;
    throw lang::Stopped{};
}

bool ThreadHost::waitFor(std::timed_mutex &mutex, std::uint32_t lock)
{
    LockGraph &graph = m_ctx.lockGraph;
    auto cycle = graph.waits(lock, graphThread());
    bool locked = false;
    // Owners change while it waits (a third thread may close the cycle), so it looks again.
    while (!cycle && !m_ctx.stop.stopRequested() &&
           !(locked = mutex.try_lock_for(std::chrono::milliseconds(5))))
        cycle = graph.cycleOf(this);
    graph.stoppedWaiting(this);
    if (locked && m_ctx.stop.stopRequested()) {
        // Freed by a thread unwinding from a stop or a deadlock: in Python the program would
        // still be stuck, so nobody takes a lock on the way out.
        mutex.unlock();
        locked = false;
    }
    if (cycle)
        m_ctx.deadlock(*cycle);
    if (const auto mark = m_ctx.deadlockMark(this))
        m_track.event(m_task, EventKind::Deadlock, clock::ticks(), *mark);
    return locked;
}

LockGraph::Thread ThreadHost::graphThread() const
{
    return {this, m_track.name().toStdString(), m_track.id().value()};
}

void ThreadHost::holds(std::uint32_t lock)
{
    m_locks.push_back(lock);
    m_ctx.lockGraph.held(lock, graphThread());
}

void ThreadHost::release(std::uint32_t lock)
{
    const auto held = std::find(m_locks.begin(), m_locks.end(), lock);
    if (held != m_locks.end())
        m_locks.erase(held);
    m_ctx.lockGraph.released(lock);
    m_ctx.memory.lock(lock).unlock();
}

void ThreadHost::put(std::uint32_t queue, const lang::Value &value)
{
    m_ctx.memory.put(queue, value);
}

std::optional<lang::Value> ThreadHost::get(std::uint32_t queue)
{
    return m_ctx.memory.get(queue);
}

std::size_t ThreadHost::queueSize(std::uint32_t queue)
{
    return m_ctx.memory.size(queue);
}

std::string ThreadHost::threadName()
{
    return m_track.name().toStdString();
}

std::int64_t ThreadHost::threadId()
{
    return ::gettid();
}

std::int64_t ThreadHost::processId()
{
    return m_ctx.pid.value();
}

double ThreadHost::now(bool monotonic)
{
    return clock::seconds(monotonic);
}

} // namespace interleave
