#include "traceopener.h"

namespace interleave::ui {

TraceOpener::~TraceOpener()
{
    if (m_thread != nullptr) {
        m_progress->stop = true;
        m_thread->wait();
        delete m_thread;
    }
}

void TraceOpener::start(const QString &path)
{
    if (m_thread != nullptr)
        return;
    m_path = path;
    m_progress = std::make_shared<TraceProgress>();
    m_result = std::make_shared<std::optional<RunResult>>();
    m_error = std::make_shared<QString>();
    m_thread = QThread::create([path, progress = m_progress, result = m_result, error = m_error] {
        *result = openTraceFile(path, error.get(), progress.get());
    });
    connect(m_thread, &QThread::finished, this, &TraceOpener::onDone);
    m_thread->start();
}

void TraceOpener::stop()
{
    if (m_progress)
        m_progress->stop = true;
}

void TraceOpener::onDone()
{
    m_thread->deleteLater();
    m_thread = nullptr;
    if (*m_result)
        Q_EMIT opened(std::make_shared<const RunResult>(std::move(**m_result)));
    else
        Q_EMIT failed(m_path, *m_error);
    m_result.reset();
}

} // namespace interleave::ui
