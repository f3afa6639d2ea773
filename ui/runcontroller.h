#pragma once

#include "run.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace interleave::ui {

// Starts runs on the engine (core owns the thread) and drains what they record on a timer,
// so the window never blocks: views get the new part of the live trace at 40 Hz and the
// final result once, as an immutable value. A batch (repeats, a sweep) runs one after another;
// a run that fails or is stopped ends it.
class RunController : public QObject
{
    Q_OBJECT

public:
    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    // False, with the reason, when the options cannot run.
    bool start(const Workload &workload, const RunOptions &options, QString *error);
    // The runs in turn; false, with the reason, when the first cannot start. Every run is
    // checked before the first starts.
    bool startBatch(const Workload &workload, std::vector<RunOptions> batch, QString *error);
    void stop(); // the running run, and the rest of its batch
    // From start until finished(): while it runs, and while its trace is collected.
    bool isRunning() const { return m_running; }
    // The run has ended and its trace is being collected for finished().
    bool isCollecting() const { return m_collecting; }
    // Of the current batch: runs started so far (1 while the first runs), and all of them.
    int batchStarted() const { return m_batchStarted; }
    int batchSize() const { return m_batchSize; }
    qint64 elapsedMs() const
    {
        return m_running && !m_collecting ? m_elapsed.elapsed() : m_lastElapsedMs;
    }
    const Trace &live() const { return m_live; }
    // Made from each finished run on the thread that collects its trace, before finished():
    // what the window keeps of it besides (a stored run's bytes, a second for a million calls),
    // so that it is not made on the UI thread. Empty: nothing is made.
    using Prepare = std::function<QByteArray(const RunResult &)>;
    void setPrepare(Prepare prepare) { m_prepare = std::move(prepare); }
    // What was prepared from the run finished() gave last, taken; empty if nothing was.
    QByteArray takePrepared() { return std::exchange(m_prepared, {}); }
    RunOptions options() const { return m_run ? m_run->options() : RunOptions{}; }

Q_SIGNALS:
    // A run of the batch began; live() starts empty.
    void started(const RunOptions &options);
    // live() has grown: its spans and events are those since the last progress (the views
    // keep what they need).
    void progressed();
    // The run has ended and its trace is about to be taken: views drop their live copies, so
    // that a long run is never held twice. finished() follows once it is (a second for a
    // million calls, on a thread of its own).
    void finishing();
    void finished(std::shared_ptr<const RunResult> result);

private:
    void launch(const RunOptions &options);
    void drain();
    void onFinished(quint64 generation);
    void onCollected(quint64 generation, std::shared_ptr<const RunResult> result,
                     QByteArray prepared);

    std::unique_ptr<Run> m_run;
    Workload m_workload;
    std::vector<RunOptions> m_pending; // the rest of the batch, next last
    int m_batchStarted = 0;
    int m_batchSize = 0;
    Recorder::Cursor m_cursor;
    Trace m_live;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    qint64 m_lastElapsedMs = 0;
    quint64 m_generation = 0;
    bool m_running = false;
    bool m_collecting = false;
    std::thread m_taker; // takes a finished run's trace
    Prepare m_prepare;
    QByteArray m_prepared;
};

} // namespace interleave::ui
