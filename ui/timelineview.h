#pragma once

#include "timelinedata.h"

#include <qcustomplot.h>

namespace interleave::ui {

class TimelinePlottable;

// The live timeline: a row per thread under a header per process, spans coloured by kind,
// ticks where lines were printed. Wheel zooms time (Shift+wheel scrolls rows), dragging pans,
// a double-click fits everything. While a run is going it follows the run, until the user
// zooms or pans.
// "calc_square([2, 3, 8, 9])" per call, for the timeline's tooltips: the trace says.
std::vector<QString> callLabels(const Trace &trace);

class TimelineView : public QCustomPlot
{
    Q_OBJECT

public:
    explicit TimelineView(QWidget *parent = nullptr);

    void clear();
    // "calc_square([2, 3, 8, 9])" per TaskId, for tooltips.
    void setCallLabels(std::vector<QString> labels) { m_calls = std::move(labels); }
    const std::vector<QString> &callLabels() const { return m_calls; }
    // New data: `trace` holds all so far, spans/events from the given indexes are new.
    void append(const Trace &trace, std::size_t spansFrom, std::size_t eventsFrom, Pid mainPid);
    void setRunning(bool running);
    bool following() const { return m_follow; }

    void fitAll();
    // The time the view lets one pan and zoom over, at least: a longer run compared with this
    // one shares its axis.
    void setExtentNs(std::int64_t ns) { m_extentNs = ns; }
    // Marks a moment with a vertical line and brings it, and the track's row, into view.
    void markMoment(std::int64_t ns, TrackId track);
    std::optional<std::int64_t> markedMoment() const;

    const TimelineData &data() const { return m_data; }
    // What hovering at `pos` (widget coordinates) shows; empty over nothing.
    QString tooltipAt(const QPoint &pos) const;

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    void refreshRowAxis();
    void followRun();
    void scrollRowsTo(double top);
    double visibleRowCount() const;
    void onKeyRangeChanged(const QCPRange &range);

    TimelineData m_data;
    TimelinePlottable *m_plottable = nullptr;
    QSharedPointer<QCPAxisTickerText> m_rowTicker;
    QCPItemStraightLine *m_marker = nullptr;
    std::vector<QString> m_calls;
    bool m_follow = true;
    bool m_running = false;
    bool m_adjusting = false;
    std::int64_t m_extentNs = 0;
};

// "53.2 µs", "200.1 ms", "1.234 s".
QString formatDuration(std::int64_t ns);

} // namespace interleave::ui
