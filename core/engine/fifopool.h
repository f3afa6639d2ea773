#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace interleave {

// Worker threads pulling jobs from one FIFO queue, like Python's ThreadPoolExecutor: a new
// thread is started on submit only while queued jobs outnumber idle threads, up to the maximum,
// so a pool of 8 given 2 jobs has 2 threads.
class FifoPool
{
public:
    using Job = std::function<void(int worker)>;

    // `onSpawn(worker)` runs on the submitting thread just before worker `worker` is started, so
    // workers can be registered in a deterministic order.
    explicit FifoPool(int maxWorkers, std::function<void(int worker)> onSpawn = {});
    ~FifoPool();
    FifoPool(const FifoPool &) = delete;
    FifoPool &operator=(const FifoPool &) = delete;

    // Throws std::system_error if a needed thread cannot be started.
    void submit(Job job);
    // Lets running jobs finish, drops queued ones when `dropQueued`, then joins every thread.
    void shutdown(bool dropQueued = false);
    int threadCount() const;

private:
    void workerLoop(int worker);

    const int m_maxWorkers;
    std::function<void(int)> m_onSpawn;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Job> m_queue;
    int m_idle = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace interleave
