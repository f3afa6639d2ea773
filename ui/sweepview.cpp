#include "sweepview.h"

#include "style.h"

#include <QLabel>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace interleave::ui {

SweepView::SweepView(QWidget *parent) : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumHeight(140);
    // The legend in a row of its own under the axes, so that it never hides a point.
    auto *legendRow = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 0, legendRow);
    legendRow->setMargins(QMargins(5, 0, 5, 5));
    legendRow->addElement(0, 0, m_plot->legend);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_plot->legend->setFont(small);
    m_plot->legend->setIconSize(18, 10);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_note);
    rebuild();
}

void SweepView::setSweep(const QString &what, std::vector<SweepPoint> points,
                         std::optional<int> shown, int calls)
{
    m_calls = calls;
    m_what = what;
    m_points = std::move(points);
    std::sort(m_points.begin(), m_points.end(),
              [](const SweepPoint &a, const SweepPoint &b) { return a.workers < b.workers; });
    m_shown = shown;
    std::vector<std::pair<double, double>> xy;
    for (const SweepPoint &p : m_points)
        xy.emplace_back(p.workers, p.wallMs.median / 1e3);
    m_fit = fitAmdahl(xy, calls > 0 ? double(calls) : std::numeric_limits<double>::infinity());
    rebuild();
}

QString SweepView::summary() const
{
    if (m_points.size() < 2)
        return QStringLiteral("Sweep (Ctrl+W) runs pool or processes at every worker count from 1 "
                              "to the slider's value and draws wall time and speedup against "
                              "workers, with Amdahl's law fitted.");
    if (!m_fit.valid)
        return QStringLiteral("%1: Amdahl's law needs two worker counts up to the %2 calls.")
            .arg(m_what)
            .arg(m_calls);
    QString text = QStringLiteral("%1: Amdahl fit up to %5 workers (the calls) T(w) = %2 s + %3 s "
                                  "/ w, serial fraction %4 %")
                       .arg(m_what)
                       .arg(m_fit.serial, 0, 'f', 3)
                       .arg(m_fit.parallel, 0, 'f', 3)
                       .arg(100 * m_fit.serialFraction(), 0, 'f', 1)
                       .arg(m_calls);
    const double ceiling = m_fit.ceiling();
    text += std::isinf(ceiling)
                ? QStringLiteral(": no serial part was measured.")
                : QStringLiteral(": no count of workers passes %1×.").arg(ceiling, 0, 'f', 1);
    return text + QStringLiteral(" Drag the slider to see each count's run.");
}

void SweepView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        rebuild();
}

void SweepView::rebuild()
{
    const QPalette p = palette();
    const QColor text = p.color(QPalette::Text);
    m_plot->clearPlottables();
    m_plot->clearItems();
    applyPalette(*m_plot, p);
    m_plot->xAxis->setLabel(QStringLiteral("workers"));
    m_plot->yAxis->setLabel(QStringLiteral("wall time (s)"));
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setLabel(QStringLiteral("speedup (×)"));
    m_plot->legend->setVisible(m_points.size() >= 2);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setTextColor(text);
    m_plot->legend->setBorderPen(Qt::NoPen);

    const QColor wallColor = kindColor(SpanKind::Wait);
    const QColor speedColor = kindColor(SpanKind::Compute);
    auto *wall = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
    wall->setName(QStringLiteral("wall time (median, range)"));
    wall->setPen(QPen(wallColor, 2));
    wall->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, wallColor, wallColor, 7));
    auto *ranges = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
    ranges->setDataPlottable(wall);
    ranges->setPen(QPen(wallColor.darker(130), 1.2));
    ranges->removeFromLegend();
    auto *speedup = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    speedup->setName(QStringLiteral("speedup"));
    speedup->setPen(QPen(speedColor, 1.5));
    speedup->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDiamond, speedColor, speedColor, 7));
    auto *ideal = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
    ideal->setName(QStringLiteral("ideal"));
    ideal->setPen(QPen(text, 1.2, Qt::DashLine));
    auto *fitted = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
    fitted->setName(QStringLiteral("Amdahl fit"));
    fitted->setPen(QPen(kindColor(SpanKind::LockWait), 1.5, Qt::DotLine));

    double top = 0.1, topSpeed = 1.0;
    const int most = m_points.empty() ? 8 : m_points.back().workers;
    if (!m_points.empty()) {
        const double t1 = m_points.front().wallMs.median / 1e3 * m_points.front().workers;
        for (const SweepPoint &pt : m_points) {
            const double median = pt.wallMs.median / 1e3;
            wall->addData(pt.workers, median);
            ranges->addData(median - pt.wallMs.min / 1e3, pt.wallMs.max / 1e3 - median);
            const double s = median > 0 ? m_points.front().wallMs.median / 1e3 / median : 0.0;
            speedup->addData(pt.workers, s);
            top = std::max(top, pt.wallMs.max / 1e3);
            topSpeed = std::max(topSpeed, s);
        }
        speedup->setName(QStringLiteral("speedup over %1").arg(m_points.front().workers));
        for (double w = 1; w <= most + 1e-9; w += 0.25) {
            ideal->addData(w, t1 / w);
            if (m_fit.valid)
                fitted->addData(w, m_fit.predict(w));
        }
    }
    if (!m_fit.valid)
        fitted->removeFromLegend();
    if (m_shown) {
        auto *line = new QCPItemStraightLine(m_plot);
        line->point1->setCoords(*m_shown, 0);
        line->point2->setCoords(*m_shown, 1);
        QColor c = text;
        c.setAlpha(90);
        line->setPen(QPen(c, 6));
    }
    m_plot->xAxis->setRange(0.5, most + 0.5);
    m_plot->yAxis->setRange(0, top * 1.15);
    m_plot->yAxis2->setRange(0, std::max(topSpeed, double(most) * 0.5) * 1.15);
    m_note->setText(summary());
    m_plot->replot();
}

} // namespace interleave::ui
