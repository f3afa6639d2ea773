#pragma once

#include "run.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace interleave::ui {

// Starts runs on the engine (core owns the thread) and drains what they record on a timer,
// so the window never blocks: views get the new part of the live trace at 40 Hz and the
// final result once, as an immutable value.
class RunController : public QObject
{
    Q_OBJECT

public:
    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    // False, with the reason, when the options cannot run.
    bool start(const Workload &workload, const RunOptions &options, QString *error);
    void stop();
    bool isRunning() const { return m_running; }
    qint64 elapsedMs() const { return m_running ? m_elapsed.elapsed() : m_lastElapsedMs; }
    const Trace &live() const { return m_live; }
    RunOptions options() const { return m_run ? m_run->options() : RunOptions{}; }

Q_SIGNALS:
    // live() has grown: spans from `spansFrom` and events from `eventsFrom` on are new.
    void progressed(std::size_t spansFrom, std::size_t eventsFrom);
    void finished(std::shared_ptr<const RunResult> result);

private:
    void drain();
    void onFinished(quint64 generation);

    std::unique_ptr<Run> m_run;
    Recorder::Cursor m_cursor;
    Trace m_live;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    qint64 m_lastElapsedMs = 0;
    quint64 m_generation = 0;
    bool m_running = false;
};

} // namespace interleave::ui
