#pragma once

#include "engine.h"
#include "recorder.h"
#include "stopsource.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace interleave {

// One run of a workload on an engine thread of its own, so that whoever started it (the
// command line, the window) stays free to drain the recorder live and to ask it to stop.
class Run
{
public:
    Run(Workload workload, RunOptions options);
    ~Run(); // stops the run if it is still going and waits for it
    Run(const Run &) = delete;
    Run &operator=(const Run &) = delete;

    // Called on the engine thread once the result is ready.
    void setOnFinished(std::function<void()> callback) { m_onFinished = std::move(callback); }
    void start();
    void requestStop() { m_stop.requestStop(); }
    // True once finished; waits at most `timeout`.
    bool waitFor(std::chrono::milliseconds timeout);

    const Workload &workload() const { return m_workload; }
    const RunOptions &options() const { return m_options; }
    // Exists from start() on.
    const Recorder *recorder() const { return m_recorder.get(); }
    // Once finished, the result moved out with the trace taken from the recorder
    // (Recorder::take), which goes: call it where the drains are made, after the live views
    // let go of their copies, so that a long run is held once.
    RunResult takeResult();

private:
    const Workload m_workload;
    const RunOptions m_options;
    std::unique_ptr<Recorder> m_recorder;
    StopSource m_stop;
    std::function<void()> m_onFinished;
    mutable std::mutex m_mutex;
    std::condition_variable m_finishedCv;
    bool m_finished = false;
    RunResult m_result;
    std::thread m_thread;
};

} // namespace interleave
