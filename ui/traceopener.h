#pragma once

#include "traceopen.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace interleave::ui {

// Opens a trace file on a thread of its own, so that a file of hundreds of megabytes never
// freezes the window: how far it has read can be asked at any time, and stop() ends it.
class TraceOpener : public QObject
{
    Q_OBJECT

public:
    explicit TraceOpener(QObject *parent = nullptr) : QObject(parent) {}
    ~TraceOpener() override;

    void start(const QString &path);
    void stop();
    bool isOpening() const { return m_thread != nullptr; }
    int percent() const { return m_progress ? m_progress->percent.load() : 0; }
    QString path() const { return m_path; }

Q_SIGNALS:
    void opened(std::shared_ptr<const RunResult> run);
    void failed(const QString &path, const QString &error);

private:
    void onDone();

    QString m_path;
    std::shared_ptr<TraceProgress> m_progress;
    std::shared_ptr<std::optional<RunResult>> m_result;
    std::shared_ptr<QString> m_error;
    QThread *m_thread = nullptr;
};

} // namespace interleave::ui
