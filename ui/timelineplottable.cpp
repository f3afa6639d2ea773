#include "timelineplottable.h"

#include "style.h"

namespace interleave::ui {

TimelinePlottable::TimelinePlottable(QCPAxis *keyAxis, QCPAxis *valueAxis, const TimelineData &data)
    : QCPAbstractPlottable(keyAxis, valueAxis), m_data(data)
{
    setAntialiasedFill(false);
    setSelectable(QCP::stNone);
}

double TimelinePlottable::selectTest(const QPointF &, bool, QVariant *) const
{
    return -1; // hover and clicks are handled by the view
}

QCPRange TimelinePlottable::getKeyRange(bool &foundRange, QCP::SignDomain) const
{
    foundRange = true;
    return {0.0, std::max(1e-3, double(m_data.endNs()) / 1e9)};
}

QCPRange TimelinePlottable::getValueRange(bool &foundRange, QCP::SignDomain, const QCPRange &) const
{
    foundRange = !m_data.rows().empty();
    return {-0.5, double(m_data.rows().size()) - 0.5};
}

QRect TimelinePlottable::clipRect() const
{
    // Headers run across the row names too.
    const QCPAxisRect *rect = mKeyAxis->axisRect();
    const QRect area = rect->rect();
    return {QPoint(rect->outerRect().left(), area.top()), area.bottomRight()};
}

void TimelinePlottable::draw(QCPPainter *painter)
{
    const QCPAxis *keyAxis = mKeyAxis.data();
    const QCPAxis *valueAxis = mValueAxis.data();
    if (keyAxis == nullptr || valueAxis == nullptr || m_data.rows().empty())
        return;
    painter->setRenderHint(QPainter::Antialiasing, false);
    const QRect area = keyAxis->axisRect()->rect();
    const QCPRange keys = keyAxis->range();
    const PixelMapping map{keys.lower * 1e9, keys.upper * 1e9, keyAxis->coordToPixel(keys.lower),
                           keyAxis->coordToPixel(keys.upper)};
    if (!(map.px1 > map.px0))
        return;
    painter->save();
    painter->setClipRect(clipRect());

    const auto &rows = m_data.rows();
    const QCPRange values = valueAxis->range();
    const double rowPx = std::abs(valueAxis->coordToPixel(1) - valueAxis->coordToPixel(0));
    const int first = std::max(0, m_data.rowAt(values.lower));
    int threadRows = 0;
    for (int r = first; r < int(rows.size()) && rows[std::size_t(r)].top < values.upper; ++r) {
        const TimelineRow &row = rows[std::size_t(r)];
        const double top = valueAxis->coordToPixel(row.top);
        if (row.kind == TimelineRow::Kind::Process) {
            drawHeader(*painter, row, top, row.height * rowPx);
            threadRows = 0;
        } else {
            drawThreadRow(*painter, row, map, valueAxis->coordToPixel(row.center()), rowPx,
                          ++threadRows % 2 == 0);
        }
    }
    // The header of the process at the top stays pinned there while its threads scroll under
    // it, until the next process's header pushes it up.
    const TimelineRow &topRow = rows[std::size_t(first)];
    const TimelineRow &header = rows[std::size_t(topRow.header)];
    if (header.top < values.lower) {
        double pinned = area.top();
        const double headerPx = header.height * rowPx;
        const std::size_t next = std::size_t(first) + 1;
        if (next < rows.size() && rows[next].kind == TimelineRow::Kind::Process)
            pinned = std::min(pinned, valueAxis->coordToPixel(rows[next].top) - headerPx);
        drawHeader(*painter, header, pinned, headerPx);
    }
    painter->restore();
}

void TimelinePlottable::drawHeader(QCPPainter &painter, const TimelineRow &row, double top,
                                   double heightPx) const
{
    const QRect clip = clipRect();
    const QRectF band(clip.left(), top, clip.width(), heightPx);
    // Opaque: a pinned header hides the rows scrolling under it.
    const QColor base = m_palette.color(QPalette::Base);
    const QColor text = m_palette.color(QPalette::Text);
    painter.fillRect(band, QColor::fromRgbF(base.redF() * 0.9f + text.redF() * 0.1f,
                                            base.greenF() * 0.9f + text.greenF() * 0.1f,
                                            base.blueF() * 0.9f + text.blueF() * 0.1f));
    QString label = row.label;
    if (row.hidden > 0)
        label += QStringLiteral("  ·  %1 %2 hidden")
                     .arg(row.hidden)
                     .arg(row.hidden == 1 ? QStringLiteral("row") : QStringLiteral("rows"));
    if (m_screenMarks)
        label = (row.hidden > 0 ? QStringLiteral("▸ ") : QStringLiteral("▾ ")) + label;
    QFont font = mKeyAxis->tickLabelFont();
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(text);
    painter.drawText(band.adjusted(6, 0, -6, 0), Qt::AlignVCenter | Qt::AlignLeft, label);
}

void TimelinePlottable::drawThreadRow(QCPPainter &painter, const TimelineRow &row,
                                      const PixelMapping &map, double center, double rowPx,
                                      bool odd) const
{
    const QRect area = mKeyAxis->axisRect()->rect();
    if (odd) {
        QColor stripe = m_palette.color(QPalette::Text);
        stripe.setAlpha(8);
        painter.fillRect(QRectF(area.left(), center - rowPx / 2, area.width(), rowPx), stripe);
    }
    const double h = std::max(3.0, rowPx * kBarFraction);
    const double top = center - h / 2;

    m_marks.clear();
    const double k = m_foldScale;
    m_data.spans(row.track).fold({map.t0, map.t1, map.px0 * k, map.px1 * k}, m_marks);
    for (Mark &m : m_marks) {
        m.x0 /= k;
        m.x1 /= k;
        const double w = std::max(1.0 / k, m.x1 - m.x0);
        if (row.gil && m.folded) {
            // Holdings too short to attribute: hatched in the text colour, no kind's colour.
            painter.fillRect(QRectF(m.x0, top, w, h),
                             QBrush(m_palette.color(QPalette::Text), Qt::Dense5Pattern));
            continue;
        }
        // On the GIL lane the colour is the holder's own, as beside its row and in the
        // console.
        QColor c = row.gil ? trackColor(TrackId(m.task.value())) : kindColor(m.kind);
        if (m.folded && m.coverage < 1)
            c.setAlphaF(0.35f + 0.65f * m.coverage);
        painter.fillRect(QRectF(m.x0, top, w, h), c);
        // A darker edge where a whole span ends, so that consecutive spans of one kind
        // stay distinguishable.
        if (!m.folded && w >= 4)
            painter.fillRect(QRectF(m.x0 + w - 1, top, 1, h), c.darker(170));
    }
    drawLabels(painter, row, top, h);
    // Spans still in progress: drawn growing up to now, hatched.
    for (const OpenSpan &o : m_data.open()) {
        if (o.track != row.track || double(m_data.nowNs()) < map.t0 || double(o.startNs) > map.t1)
            continue;
        const double x0 = map.toPx(std::max(double(o.startNs), map.t0));
        const double x1 = map.toPx(std::min(double(m_data.nowNs()), map.t1));
        const QRectF r2(x0, top, std::max(1.0, x1 - x0), h);
        const QColor base = row.gil ? trackColor(TrackId(o.task.value())) : kindColor(o.kind);
        QColor c = base;
        c.setAlpha(150);
        painter.fillRect(r2, c);
        painter.fillRect(r2, QBrush(base.darker(130), Qt::BDiagPattern));
    }
    // Printed lines: a tick above the bar, at most one per pixel column.
    const QColor text = m_palette.color(QPalette::WindowText);
    const auto &ticks = m_data.ticks(row.track);
    auto it = std::partition_point(ticks.begin(), ticks.end(),
                                   [&](const Tick &t) { return double(t.ns) < map.t0; });
    int lastPx = INT_MIN;
    for (; it != ticks.end() && double(it->ns) <= map.t1; ++it) {
        const int px = int(std::lround(map.toPx(double(it->ns))));
        if (px == lastPx)
            continue;
        lastPx = px;
        const EventKind kind = m_data.events()[it->event].kind;
        if (kind == EventKind::Deadlock) // a cross the row's height: the run ended there
            paintCross(painter, QPointF(px, top + h / 2), h / 2);
        else
            painter.fillRect(QRectF(px, top - 3, 2, h * 0.55 + 3),
                             kind == EventKind::ErrorOutput ? kindColor(SpanKind::LockWait)
                             : kind == EventKind::Mark      ? kindColor(SpanKind::Startup)
                                                            : text);
    }
    // The thread's own colour, as in the console.
    if (!row.gil)
        painter.fillRect(QRectF(area.left() - 7, top, 5, h), trackColor(row.track));
}

void TimelinePlottable::drawLabels(QCPPainter &painter, const TimelineRow &row, double top,
                                   double h) const
{
    // Like Tracy's zones: a span wide enough names its call (on the GIL lane, the holder).
    constexpr double kMinLabelPx = 48;
    if (h < 10)
        return;
    QFont font = mKeyAxis->tickLabelFont();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    painter.setFont(font);
    const QFontMetricsF fm(font);
    // A call's name once per kind of span on its row: a call that sleeps four times is one call,
    // not four (its queued span, and its first wait or computation, say which).
    std::vector<std::pair<TaskId, SpanKind>> named;
    for (const Mark &m : m_marks) {
        if (m.folded || m.x1 - m.x0 < kMinLabelPx)
            continue;
        if (!row.gil) {
            const std::pair key{m.task, m.kind};
            if (std::find(named.begin(), named.end(), key) != named.end())
                continue;
            named.push_back(key);
        }
        QString label;
        if (row.gil) {
            const TrackInfo *holder = m_data.track(TrackId(m.task.value()));
            label = holder ? holder->name : QString();
        } else {
            label = m_data.callLabel(m.task);
            if (label.isEmpty() && m.kind == SpanKind::Join)
                label = QStringLiteral("join()");
        }
        const QRectF box(m.x0 + 4, top, m.x1 - m.x0 - 8, h);
        label = fm.elidedText(label, Qt::ElideRight, box.width());
        if (label.isEmpty() || label == QStringLiteral("…"))
            continue;
        const QColor fill = row.gil ? trackColor(TrackId(m.task.value())) : kindColor(m.kind);
        painter.setPen(qGray(fill.rgb()) < 150 ? Qt::white : Qt::black);
        painter.drawText(box, Qt::AlignVCenter | Qt::AlignLeft, label);
    }
}

QColor TimelinePlottable::trackColor(TrackId id) const
{
    const TrackInfo *track = m_data.track(id);
    return threadColor(track != nullptr ? track->name : QString());
}

void TimelinePlottable::drawLegendIcon(QCPPainter *, const QRectF &) const {}

} // namespace interleave::ui
