#include "style.h"

#include <QFontMetricsF>
#include <QPainter>
#include <qcustomplot.h>

#include <array>
#include <optional>

namespace interleave::ui {

namespace {

struct LegendEntry
{
    QColor color;
    QString text;
    bool tick = false;
    bool threads = false; // a swatch of thread colours
};

std::vector<LegendEntry> legendEntries(const QPalette &palette)
{
    std::vector<LegendEntry> entries;
    for (int k = 0; k < kSpanKindCount; ++k)
        entries.push_back({kindColor(SpanKind(k)), spanKindDescription(SpanKind(k))});
    entries.push_back(
        {palette.color(QPalette::WindowText), QStringLiteral("wrote to stdout"), true});
    entries.push_back({{}, QStringLiteral("GIL lane: its holder's colour"), false, true});
    return entries;
}

constexpr double kSwatch = 12;
constexpr double kGap = 6;
constexpr double kSpacing = 18;

} // namespace

QColor kindColor(SpanKind kind)
{
    return QColor::fromRgb(traitsOf(kind).rgb);
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

const std::vector<QColor> &threadColors()
{
    // Picked for a CIEDE2000 distance of 16 or more from every span kind's colour and 18 or
    // more from each other, and readable as text on light and dark backgrounds.
    static const std::vector<QColor> colors = {QColor(0x82, 0x71, 0x2b), QColor(0x7e, 0x23, 0xe7),
                                               QColor(0x14, 0xa2, 0xb8), QColor(0xa8, 0x47, 0x24),
                                               QColor(0xe7, 0x23, 0x98), QColor(0x33, 0x63, 0x99),
                                               QColor(0x2b, 0x82, 0x6b), QColor(0x80, 0x9c, 0x11)};
    return colors;
}

namespace {

// How many ASCII digits start at `from`.
qsizetype digitsAt(const QString &name, qsizetype from)
{
    qsizetype end = from;
    while (end < name.size() && name[end] >= QLatin1Char('0') && name[end] <= QLatin1Char('9'))
        ++end;
    return end - from;
}

// The number Python gave the thread, which is the same from run to run: MainThread 0,
// "Thread-N" and "Process-N" N, a pool's "ThreadPoolExecutor-M_N" N + 1. Other names are
// hashed. Parsed by hand: every row and console line asks on every paint.
std::size_t threadNumber(const QString &name)
{
    if (name == QLatin1String("MainThread"))
        return 0;
    const auto numberAt = [&](qsizetype from) -> std::optional<std::size_t> {
        const qsizetype n = digitsAt(name, from);
        if (n == 0)
            return std::nullopt;
        return std::size_t(QStringView(name).mid(from, n).toULongLong());
    };
    std::optional<std::size_t> number;
    for (const QLatin1String prefix : {QLatin1String("Thread-"), QLatin1String("Process-")}) {
        if (name.startsWith(prefix))
            number = numberAt(prefix.size());
    }
    const QLatin1String pool("ThreadPoolExecutor-");
    const qsizetype underscore = pool.size() + digitsAt(name, pool.size());
    if (name.startsWith(pool) && underscore > pool.size() && underscore < name.size() &&
        name[underscore] == QLatin1Char('_')) {
        if (const auto n = numberAt(underscore + 1))
            number = *n + 1;
    }
    if (number)
        return *number;
    std::size_t hash = 0;
    for (const QChar c : name)
        hash = hash * 31 + c.unicode();
    return hash;
}

} // namespace

QColor threadColor(const QString &threadName)
{
    const auto &colors = threadColors();
    return colors[threadNumber(threadName) % colors.size()];
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
        if (e.tick) {
            painter.fillRect(QRectF(swatch.center().x() - 1, swatch.top(), 2, kSwatch), e.color);
        } else if (e.threads) {
            for (int i = 0; i < 3; ++i)
                painter.fillRect(
                    QRectF(swatch.left() + i * kSwatch / 3, swatch.top(), kSwatch / 3, kSwatch),
                    threadColors()[std::size_t(i)]);
        } else
            painter.fillRect(swatch, e.color);
        painter.setPen(palette.color(QPalette::WindowText));
        painter.drawText(QRectF(x + kSwatch + kGap, y, w, lineHeight),
                         Qt::AlignVCenter | Qt::AlignLeft, e.text);
        x += w;
    }
    painter.restore();
}

void paintPlaceholder(QWidget *viewport, const QString &text, QRect area)
{
    if (area.isEmpty())
        area = viewport->rect();
    QPainter p(viewport);
    QColor c = viewport->palette().color(QPalette::Text);
    c.setAlpha(120);
    p.setPen(c);
    p.drawText(area.adjusted(12, 12, -12, -12), Qt::AlignTop | Qt::AlignLeft | Qt::TextWordWrap,
               text);
}

} // namespace interleave::ui
