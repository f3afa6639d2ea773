#include "run.h"

#include <sys/resource.h>
#include <unistd.h>

namespace interleave {

Run::Run(Workload workload, RunOptions options)
    : m_workload(std::move(workload)), m_options(options)
{}

Run::~Run()
{
    m_stop.requestStop();
    if (m_thread.joinable())
        m_thread.join();
}

void Run::start()
{
    if (m_thread.joinable())
        return;
    m_recorder = std::make_unique<Recorder>();
    m_thread = std::thread([this] {
        // Threads and processes started from here inherit this thread's niceness.
        if (m_options.nice > 0)
            ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), m_options.nice);
        RunResult result = executeUntraced(m_workload, m_options, *m_recorder, m_stop);
        {
            std::lock_guard lock(m_mutex);
            m_result = std::move(result);
            m_finished = true;
        }
        m_finishedCv.notify_all();
        if (m_onFinished)
            m_onFinished();
    });
}

RunResult Run::takeResult()
{
    std::lock_guard lock(m_mutex);
    if (m_recorder)
        m_result.trace = m_recorder->take();
    m_recorder.reset();
    return std::move(m_result);
}

bool Run::waitFor(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    return m_finishedCv.wait_for(lock, timeout, [this] { return m_finished; });
}

} // namespace interleave
