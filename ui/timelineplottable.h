#pragma once

#include "timelinedata.h"

#include <qcustomplot.h>

namespace interleave::ui {

// Paints a TimelineData: never one QCustomPlot item per span. Key axis: seconds; value axis:
// row index (reversed, row 0 on top). Per row it folds spans to at most one mark per pixel
// column (RowSpans::fold), so a replot costs per pixel, not per span.
class TimelinePlottable : public QCPAbstractPlottable
{
public:
    TimelinePlottable(QCPAxis *keyAxis, QCPAxis *valueAxis, const TimelineData &data);

    double selectTest(const QPointF &pos, bool onlySelectable,
                      QVariant *details = nullptr) const override;
    QCPRange getKeyRange(bool &foundRange,
                         QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool &foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange &inKeyRange = QCPRange()) const override;

    void setColors(const QPalette &palette) { m_palette = palette; }
    void setScreenMarks(bool on) { m_screenMarks = on; }
    // Spans are folded per 1/scale of a pixel: more than 1 for vector and HiDPI images.
    void setFoldScale(double scale) { m_foldScale = std::max(1.0, scale); }
    // Fraction of a row's height the span bar fills.
    static constexpr double kBarFraction = 0.62;

protected:
    // A little wider than the axis rect: the thread colour sits just left of the time axis,
    // where it never hides a span at t = 0.
    QRect clipRect() const override;
    void draw(QCPPainter *painter) override;
    void drawLegendIcon(QCPPainter *painter, const QRectF &rect) const override;

private:
    void drawThreadRow(QCPPainter &painter, const TimelineRow &row, const PixelMapping &map,
                       double center, double rowPx, bool odd) const;
    // The call's name on each span wide enough for it.
    void drawLabels(QCPPainter &painter, const TimelineRow &row, double top, double h) const;
    // A process's band, its name written across it, at `top` (pixels).
    void drawHeader(QCPPainter &painter, const TimelineRow &row, double top, double heightPx) const;

    // The colour of the thread recorded on track `id`.
    QColor trackColor(TrackId id) const;

    const TimelineData &m_data;
    QPalette m_palette;
    bool m_screenMarks = true;
    double m_foldScale = 1;
    mutable std::vector<Mark> m_marks; // reused between rows and replots
};

} // namespace interleave::ui
