#include "style.h"

#include <QFontMetricsF>
#include <QPainter>
#include <qcustomplot.h>

#include <array>

namespace interleave::ui {

namespace {

struct LegendEntry
{
    QColor color;
    QString text;
    bool tick = false;
};

std::vector<LegendEntry> legendEntries(const QPalette &palette)
{
    std::vector<LegendEntry> entries;
    for (int k = 0; k < kSpanKindCount; ++k)
        entries.push_back({kindColor(SpanKind(k)), spanKindDescription(SpanKind(k))});
    entries.push_back(
        {palette.color(QPalette::WindowText), QStringLiteral("wrote to stdout"), true});
    return entries;
}

constexpr double kSwatch = 12;
constexpr double kGap = 6;
constexpr double kSpacing = 18;

} // namespace

QColor kindColor(SpanKind kind)
{
    switch (kind) {
    case SpanKind::Compute:
        return QColor(0xe0, 0x6c, 0x2b); // orange: the CPU is busy
    case SpanKind::Wait:
        return QColor(0x3d, 0x8b, 0xd9); // blue: waiting on I/O
    case SpanKind::Queued:
        return QColor(0x9a, 0xa0, 0xa8); // grey: not yet running
    case SpanKind::Startup:
        return QColor(0x9b, 0x6b, 0xd6); // purple: a process starting
    case SpanKind::GilWait:
        return QColor(0xe8, 0xb9, 0x1e); // amber: waiting for the GIL
    case SpanKind::LockWait:
        return QColor(0xd6, 0x3b, 0x4f); // red: waiting for a lock
    case SpanKind::Join:
        return QColor(0xb4, 0xc8, 0xc4); // pale grey-green: waiting for the others to finish
    }
    return Qt::gray;
}

void paintCross(QPainter &painter, QPointF centre, double radius)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(kindColor(SpanKind::LockWait).darker(160), 3, Qt::SolidLine, Qt::RoundCap));
    const QPointF d(radius, radius);
    painter.drawLine(centre - d, centre + d);
    painter.drawLine(centre + QPointF(-radius, radius), centre + QPointF(radius, -radius));
    painter.restore();
}

void applyPalette(QCustomPlot &plot, const QPalette &palette)
{
    plot.setBackground(palette.color(QPalette::Base));
    const QColor text = palette.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);
    for (QCPAxis *axis : {plot.xAxis, plot.yAxis, plot.xAxis2, plot.yAxis2}) {
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    }
}

QColor threadColor(std::size_t index)
{
    // Distinct hues at even lightness, readable as text on light and dark backgrounds.
    static const std::array<QColor, 10> colors = {
        QColor(0x1f, 0x9e, 0x89), QColor(0xc2, 0x4f, 0x9a), QColor(0x4f, 0x7f, 0xd1),
        QColor(0xc9, 0x7b, 0x12), QColor(0x7a, 0x9e, 0x1f), QColor(0x8e, 0x5c, 0xc9),
        QColor(0xcf, 0x4a, 0x3a), QColor(0x2a, 0x9c, 0xc4), QColor(0xa1, 0x7f, 0x3d),
        QColor(0x5c, 0x8a, 0x5c)};
    return colors[index % colors.size()];
}

QSizeF legendSize(double width, const QFont &font)
{
    const QFontMetricsF fm(font);
    double x = 0;
    int lines = 1;
    for (const LegendEntry &e : legendEntries(QPalette())) {
        const double w = kSwatch + kGap + fm.horizontalAdvance(e.text) + kSpacing;
        if (x > 0 && x + w > width) {
            ++lines;
            x = 0;
        }
        x += w;
    }
    return {width, lines * std::max(kSwatch, fm.height()) + (lines - 1) * 4};
}

void paintLegend(QPainter &painter, const QRectF &area, const QPalette &palette)
{
    painter.save();
    const QFontMetricsF fm(painter.font());
    const double lineHeight = std::max(kSwatch, fm.height());
    double x = area.left();
    double y = area.top();
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (const LegendEntry &e : legendEntries(palette)) {
        const double w = kSwatch + kGap + fm.horizontalAdvance(e.text) + kSpacing;
        if (x > area.left() && x + w > area.right()) {
            x = area.left();
            y += lineHeight + 4;
        }
        const QRectF swatch(x, y + (lineHeight - kSwatch) / 2, kSwatch, kSwatch);
        if (e.tick)
            painter.fillRect(QRectF(swatch.center().x() - 1, swatch.top(), 2, kSwatch), e.color);
        else
            painter.fillRect(swatch, e.color);
        painter.setPen(palette.color(QPalette::WindowText));
        painter.drawText(QRectF(x + kSwatch + kGap, y, w, lineHeight),
                         Qt::AlignVCenter | Qt::AlignLeft, e.text);
        x += w;
    }
    painter.restore();
}

void paintPlaceholder(QWidget *viewport, const QString &text)
{
    QPainter p(viewport);
    QColor c = viewport->palette().color(QPalette::Text);
    c.setAlpha(120);
    p.setPen(c);
    p.drawText(viewport->rect().adjusted(12, 12, -12, -12),
               Qt::AlignTop | Qt::AlignLeft | Qt::TextWordWrap, text);
}

} // namespace interleave::ui
