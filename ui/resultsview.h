#pragma once

#include "lessons.h"
#include "runset.h"

#include <QWidget>

#include <optional>
#include <vector>

class QCustomPlot;
class QLabel;
class QPushButton;

namespace interleave::ui {

// Wall time per configuration as bars (the median, with the range of its repeats), each
// labelled with its speedup over sequential, the ideal marked where the workload states one.
class ResultsView : public QWidget
{
    Q_OBJECT

public:
    explicit ResultsView(QWidget *parent = nullptr);

    void setResults(const QString &workload, std::vector<ResultBar> bars,
                    const QMap<QString, double> &idealMs);
    const std::vector<ResultBar> &bars() const { return m_bars; }
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
    std::vector<ResultBar> m_bars;
    QMap<QString, double> m_idealMs;
};

} // namespace interleave::ui
