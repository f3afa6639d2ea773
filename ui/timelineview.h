#pragma once

#include "timelinedata.h"

#include <qcustomplot.h>

class QScrollBar;

namespace interleave::ui {

class TimelinePlottable;

// "calc_square([2, 3, 8, 9])" per call, for the timeline's tooltips: the trace says.

// The live timeline: a row per thread under a header per process, spans coloured by kind,
// ticks where lines were printed. Wheel zooms time (Shift+wheel, or the wheel over the row
// names, scrolls rows; so does the scroll bar), dragging pans, a double-click fits
// everything. A process's header stays at the top while its threads scroll under it, and a
// click on it collapses or expands them. While a run is going it follows the run, until the
// user zooms or pans.
class TimelineView : public QCustomPlot
{
    Q_OBJECT

public:
    explicit TimelineView(QWidget *parent = nullptr);

    void clear();
    // "calc_square([2, 3, 8, 9])" per TaskId, for tooltips and labels on wide spans.
    // New data: `trace` holds all so far, spans/events from the given indexes are new.
    // Lets go of the spans held (a live run's) until the next append or showTrace.
    void dropSpans() { m_data.dropSpans(); }
    // A live drain (TimelineData::update).
    void append(const Trace &trace, Pid mainPid);
    // A whole trace, shown in place of what was (TimelineData::show).
    void showTrace(std::shared_ptr<const Trace> trace, Pid mainPid);
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
    // The row under `pos` (widget coordinates): a pinned header where one is drawn; -1 if none.
    int rowAtPixel(const QPoint &pos) const;
    // The first row shown at the top, in thread rows; the rows the view has room for.
    double topRow() const { return yAxis->range().lower; }
    double visibleRows() const;
    void scrollRowsTo(double top);
    QScrollBar *rowScrollBar() const { return m_scroll; }
    // Collapses or expands a process's threads under its header.
    void toggleProcess(Pid pid);
    // Off while an image is made: marks that only make sense on screen (▾) are left out.
    void setScreenMarks(bool on);
    // Folds spans per 1/scale of a pixel (vector and HiDPI images); 1 on screen.
    void setFoldScale(double scale);

Q_SIGNALS:
    // A printed line's tick was clicked: the time and thread of its write.
    void tickClicked(qint64 ns, TrackId track);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    void refreshRowAxis();
    void followRun();
    void placeScrollBar();
    void onKeyRangeChanged(const QCPRange &range);
    // Picks the time unit (s, ms, µs) of the axis for the range it shows.
    void updateTimeUnit();
    // What a folded mark at `pos` stands for, if the point is on one.
    QString describeFolded(const TimelineRow &row, const QPoint &pos) const;
    // The printed line whose tick is within a few pixels of `pos` on thread row `row`.
    const Tick *tickNear(int row, const QPoint &pos) const;

    TimelineData m_data;
    TimelinePlottable *m_plottable = nullptr;
    QSharedPointer<QCPAxisTickerText> m_rowTicker;
    QSharedPointer<class TimeTicker> m_timeTicker;
    QCPItemStraightLine *m_marker = nullptr;
    QScrollBar *m_scroll = nullptr;
    QPoint m_pressPos;
    bool m_follow = true;
    bool m_running = false;
    bool m_adjusting = false;
    std::int64_t m_extentNs = 0;
};

// "53.2 µs", "200.1 ms", "1.234 s".
QString formatDuration(std::int64_t ns);

} // namespace interleave::ui
