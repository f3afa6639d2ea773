#pragma once

#include "runset.h"

#include <QWidget>

#include <optional>
#include <vector>

class QCustomPlot;
class QLabel;

namespace interleave::ui {

// A sweep of one mode over worker counts: wall time (left axis) and speedup over one worker
// (right axis) against workers, each measured point with the range of its repeats, the ideal
// (T1 / w) and Amdahl's law fitted, its serial fraction and ceiling written under the chart.
class SweepView : public QWidget
{
    Q_OBJECT

public:
    explicit SweepView(QWidget *parent = nullptr);

    // `what`: "pool-squares · pool"; `shown`: the worker count whose run the window shows;
    // `calls`: the run's calls, the most workers that can help (the fit stops there).
    void setSweep(const QString &what, std::vector<SweepPoint> points, std::optional<int> shown,
                  int calls);
    const std::vector<SweepPoint> &points() const { return m_points; }
    AmdahlFit fit() const { return m_fit; }
    // The sentence under the chart.
    QString summary() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();

    QCustomPlot *m_plot = nullptr;
    QLabel *m_note = nullptr;
    QString m_what;
    std::vector<SweepPoint> m_points;
    std::optional<int> m_shown;
    int m_calls = 0;
    AmdahlFit m_fit;
};

} // namespace interleave::ui
