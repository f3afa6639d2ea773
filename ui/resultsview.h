#pragma once

#include "engine.h"
#include "lessons.h"

#include <QWidget>

#include <map>

class QCustomPlot;
class QLabel;
class QPushButton;

namespace interleave::ui {

// The latest run of one mode of one workload.
struct ModeResult
{
    std::int64_t wallNs = 0;
    int workers = 0;
};

// Wall time per mode as bars, each labelled with its speedup over sequential, the ideal
// marked where the workload states one.
class ResultsView : public QWidget
{
    Q_OBJECT

public:
    explicit ResultsView(QWidget *parent = nullptr);

    void setResults(const QString &workload, const std::map<Mode, ModeResult> &results,
                    const QMap<QString, double> &idealMs);
    // The sentence under the bars, e.g. "threads: 2.00x faster than sequential".
    QString summary() const;
    // What the last run showed, checked against its workload's expectations; empty hides it.
    void setLesson(const Lesson &lesson);

Q_SIGNALS:
    void runSequentialRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();

    QCustomPlot *m_plot = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_lesson = nullptr;
    QPushButton *m_runSequential = nullptr;
    QString m_workload;
    std::map<Mode, ModeResult> m_results;
    QMap<QString, double> m_idealMs;
};

} // namespace interleave::ui
