#include "fifopool.h"

namespace interleave {

FifoPool::FifoPool(int maxWorkers, std::function<void(int)> onSpawn)
    : m_maxWorkers(maxWorkers < 1 ? 1 : maxWorkers), m_onSpawn(std::move(onSpawn))
{}

FifoPool::~FifoPool()
{
    shutdown(true);
}

void FifoPool::submit(Job job)
{
    std::unique_lock lock(m_mutex);
    m_queue.push_back(std::move(job));
    const bool spawn = std::ssize(m_queue) > m_idle && std::ssize(m_threads) < m_maxWorkers;
    if (!spawn) {
        lock.unlock();
        m_cv.notify_one();
        return;
    }
    const int worker = static_cast<int>(m_threads.size());
    if (m_onSpawn)
        m_onSpawn(worker);
    m_threads.emplace_back([this, worker] { workerLoop(worker); });
}

void FifoPool::workerLoop(int worker)
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        ++m_idle;
        m_cv.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        --m_idle;
        if (m_queue.empty())
            return; // stopping, nothing left
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        job(worker);
        lock.lock();
    }
}

void FifoPool::shutdown(bool dropQueued)
{
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        if (dropQueued)
            m_queue.clear();
        threads.swap(m_threads);
    }
    m_cv.notify_all();
    for (std::thread &t : threads)
        t.join();
}

int FifoPool::threadCount() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_threads.size());
}

} // namespace interleave
