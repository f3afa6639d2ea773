#include "workerslider.h"

#include <QPainter>
#include <QStyleOptionSlider>

namespace interleave::ui {

WorkerSlider::WorkerSlider(int cores, QWidget *parent)
    : QSlider(Qt::Horizontal, parent), m_cores(cores)
{
    setTickPosition(QSlider::NoTicks);
}

QSize WorkerSlider::sizeHint() const
{
    const QSize s = QSlider::sizeHint();
    return {std::max(s.width(), 180), s.height() + fontMetrics().height()};
}

QSize WorkerSlider::minimumSizeHint() const
{
    const QSize s = QSlider::minimumSizeHint();
    return {std::max(s.width(), 90), s.height() + fontMetrics().height()};
}

void WorkerSlider::paintEvent(QPaintEvent *event)
{
    // The groove in the upper part, the core mark in the band below it.
    QSlider::paintEvent(event);
    QStyleOptionSlider opt;
    initStyleOption(&opt);
    const QRect groove =
        style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderGroove, this);
    const QRect handle =
        style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, this);
    const int span = groove.width() - handle.width();
    const int x = groove.left() + handle.width() / 2 +
                  QStyle::sliderPositionFromValue(minimum(), maximum(), m_cores, span);
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor c = palette().color(QPalette::Highlight);
    const int y = height() - fontMetrics().height();
    p.setBrush(c);
    p.setPen(Qt::NoPen);
    p.drawPolygon(QPolygon({QPoint(x, y - 1), QPoint(x - 4, y + 5), QPoint(x + 4, y + 5)}));
    p.setPen(palette().color(QPalette::WindowText));
    const QString label = QStringLiteral("%1 cores").arg(m_cores);
    const int w = fontMetrics().horizontalAdvance(label);
    const int lx = std::clamp(x + 7, 0, width() - w);
    p.drawText(QRect(lx, y - 2, w + 2, fontMetrics().height() + 2),
               Qt::AlignLeft | Qt::AlignVCenter, label);
}

} // namespace interleave::ui
