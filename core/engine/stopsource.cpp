#include "stopsource.h"

namespace interleave {

void StopSource::requestStop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop.store(true, std::memory_order_relaxed);
    }
    m_cv.notify_all();
}

bool StopSource::waitFor(std::chrono::nanoseconds duration) const
{
    const auto deadline = std::chrono::steady_clock::now() + duration;
    std::unique_lock lock(m_mutex);
    return !m_cv.wait_until(lock, deadline, [this] { return stopRequested(); });
}

} // namespace interleave
