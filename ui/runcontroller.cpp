#include "runcontroller.h"

#include "budget.h"

#include <QSet>

namespace interleave::ui {

RunController::RunController(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(25);
    connect(&m_timer, &QTimer::timeout, this, &RunController::drain);
}

RunController::~RunController()
{
    // Joins the thread taking a trace, then stops and joins the engine thread, while this
    // object is still whole: their callbacks can never reach a destroyed controller.
    if (m_taker.joinable())
        m_taker.join();
    m_run.reset();
}

bool RunController::start(const Workload &workload, const RunOptions &options, QString *error)
{
    return startBatch(workload, {options}, error);
}

bool RunController::startBatch(const Workload &workload, std::vector<RunOptions> batch,
                               QString *error)
{
    if (m_running || !m_pending.empty()) {
        *error = QStringLiteral("a run is already going");
        return false;
    }
    // Each different configuration once: repeats of one are checked by its first.
    QSet<QString> checked;
    for (const RunOptions &options : batch) {
        const QString key = QStringLiteral("%1 %2 %3")
                                .arg(configLabel(options, workload))
                                .arg(options.limited)
                                .arg(options.effectiveWorkers());
        if (checked.contains(key))
            continue;
        checked.insert(key);
        if (const QString problem = checkRun(options, workload); !problem.isEmpty()) {
            *error = problem;
            return false;
        }
    }
    if (batch.empty())
        return true;
    m_workload = workload;
    m_pending.assign(batch.rbegin(), batch.rend());
    m_batchSize = int(batch.size());
    m_batchStarted = 0;
    const RunOptions first = m_pending.back();
    m_pending.pop_back();
    launch(first);
    return true;
}

void RunController::launch(const RunOptions &options)
{
    m_run.reset(); // the previous run has finished; this joins its thread
    m_cursor = {};
    m_live = {};
    m_run = std::make_unique<Run>(m_workload, options);
    const quint64 generation = ++m_generation;
    // Called on the engine thread: hop to ours. The generation drops a stale finish.
    m_run->setOnFinished([this, generation] {
        QMetaObject::invokeMethod(
            this, [this, generation] { onFinished(generation); }, Qt::QueuedConnection);
    });
    ++m_batchStarted;
    m_running = true;
    Q_EMIT started(options);
    m_elapsed.start();
    m_run->start();
    m_timer.start();
}

void RunController::stop()
{
    m_pending.clear();
    if (m_run && m_running)
        m_run->requestStop();
}

void RunController::drain()
{
    if (!m_run || m_run->recorder() == nullptr)
        return;
    // The views keep what they need of what they are given: the live trace holds only what
    // is new, so a long run is not held twice while it runs, and its memory, reused from one
    // drain to the next, stays warm.
    m_live.spans.clear();
    m_live.events.clear();
    m_run->recorder()->drain(m_cursor, m_live);
    Q_EMIT progressed();
}

void RunController::onFinished(quint64 generation)
{
    if (generation != m_generation || !m_running || m_collecting)
        return;
    m_timer.stop();
    m_lastElapsedMs = m_elapsed.elapsed();
    m_collecting = true;
    // The views replace their live data with the final trace (one consistent clock mapping):
    // the live copies go before it is made. Making it takes a second for a million calls, so
    // it is made off this thread.
    m_live = {};
    Q_EMIT finishing();
    if (m_taker.joinable())
        m_taker.join();
    m_taker = std::thread([this, generation, run = m_run.get(), prepare = m_prepare] {
        auto result = std::make_shared<const RunResult>(run->takeResult());
        QByteArray prepared = prepare ? prepare(*result) : QByteArray();
        QMetaObject::invokeMethod(
            this,
            [this, generation, result, prepared = std::move(prepared)] {
                onCollected(generation, result, prepared);
            },
            Qt::QueuedConnection);
    });
}

void RunController::onCollected(quint64 generation, std::shared_ptr<const RunResult> result,
                                QByteArray prepared)
{
    if (generation != m_generation || !m_collecting)
        return;
    m_taker.join(); // done but for returning
    m_collecting = false;
    m_running = false;
    m_prepared = std::move(prepared);
    if (!result->ok())
        m_pending.clear();
    Q_EMIT finished(result);
    if (!m_pending.empty() && !m_running) {
        const RunOptions next = m_pending.back();
        m_pending.pop_back();
        launch(next);
    }
}

} // namespace interleave::ui
