#pragma once

// Internal to the engine: `processes` mode.

#include "clock.h"
#include "modes.h"
#include "protocol.h"

#include <QByteArrayView>
#include <QObject>
#include <QString>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

class QEventLoop;
class QProcess;

namespace interleave {

struct RunContext;
class TrackWriter;

// Where interleave-worker is: $INTERLEAVE_WORKER if set (and then only there), else next to
// this executable, else in ../libexec/interleave/ beside it. Never looked up through PATH. Empty
// when not found; `searched` then lists where it looked.
QString findWorkerExecutable(QStringList *searched = nullptr);
// Why `mode` cannot run here for want of interleave-worker, or empty.
QString checkWorkerInstalled(Mode mode);

// Runs the calls in worker processes started with QProcess, handed out pool-style: a worker
// that finishes a call gets the next one. Runs its own event loop on the calling (engine)
// thread and returns when every worker has exited and been reaped.
class ProcessMode : public QObject
{
public:
    ProcessMode(RunContext &context, TrackWriter &main, int workers, QString executable);
    ~ProcessMode() override;

    void run();
    int started() const { return static_cast<int>(m_workers.size()); }

private:
    struct Worker;

    void startWorker(int index);
    void submitNext();
    void dispatch();
    void sendQuit(Worker &w);
    void readFrames(Worker &w);
    bool handleFrame(Worker &w, const wire::Frame &frame);
    bool onReady(Worker &w, std::string_view payload);
    bool onTaskProgress(Worker &w, const wire::Frame &frame);
    bool onTaskOutput(Worker &w, const wire::Frame &frame);
    void readErrors(Worker &w, bool flush);
    void keepErrorLine(Worker &w, QByteArrayView bytes, bool ended);
    void noticeSilence();
    void onFinished(Worker &w, int exitCode, bool crashed);
    void workerFailed(Worker &w, const QString &reason);
    void stopAll();
    void closeOpenSpan(Worker &w, clock::Ticks at);
    void checkDone();

    RunContext &m_ctx;
    TrackWriter &m_main;
    const int m_maxWorkers;
    const QString m_executable;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::vector<clock::Ticks> m_submittedAt; // per call
    std::deque<std::uint32_t> m_pending;     // submitted, not yet handed out
    std::size_t m_nextSubmit = 0;
    bool m_delayDone = false;
    bool m_stopping = false;
    std::int64_t m_lastLookNs = 0; // when noticeSilence() last looked
    std::unique_ptr<QEventLoop> m_loop;
};

} // namespace interleave
