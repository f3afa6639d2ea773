#include "timelineview.h"
#include "text.h"

#include "style.h"
#include "timelineplottable.h"

#include <QApplication>
#include <QScrollBar>
#include <QToolTip>

namespace interleave::ui {

namespace {
constexpr double kMinRowPx = 20;     // below this, rows scroll instead of shrinking
constexpr double kMaxRowPx = 52;     // above this, a few rows would look bloated
constexpr double kScrollSteps = 100; // scroll bar steps per thread row
} // namespace

// Seconds on the axis, labelled in the unit that suits the range shown: a 15 ms run reads
// "2.5" ms, not "0.0025" s, and zoomed in, µs.
class TimeTicker : public QCPAxisTicker
{
public:
    void setUnit(double perSecond) { m_perSecond = perSecond; }

protected:
    QVector<double> createTickVector(double tickStep, const QCPRange &range) override
    {
        m_decimals = std::max(0, int(-std::floor(std::log10(tickStep * m_perSecond) + 1e-9)));
        return QCPAxisTicker::createTickVector(tickStep, range);
    }
    QString getTickLabel(double tick, const QLocale &locale, QChar, int) override
    {
        const double v = tick * m_perSecond;
        return locale.toString(std::abs(v) < 1e-9 ? 0.0 : v, 'f', m_decimals);
    }

private:
    double m_perSecond = 1;
    int m_decimals = 1;
};

// The thread rows' names: only rows whose middle is in view are named, so that no name is
// drawn over the time axis or above the plot (QCustomPlot's text ticker keeps one tick past
// each end of the range).
class RowTicker : public QCPAxisTickerText
{
protected:
    QVector<double> createTickVector(double tickStep, const QCPRange &range) override
    {
        QVector<double> ticks = QCPAxisTickerText::createTickVector(tickStep, range);
        // A row whose middle is under the pinned header at the top, or whose name would hang
        // below the plot, goes unnamed until it scrolls into view.
        ticks.removeIf([&](double t) {
            return t < range.lower + kHeaderHeight * 0.9 || t > range.upper - 0.3;
        });
        return ticks;
    }
};

TimelineView::TimelineView(QWidget *parent) : QCustomPlot(parent)
{
    setNoAntialiasingOnDrag(true);
    setNotAntialiasedElements(QCP::aeAll);
    setPlottingHint(QCP::phCacheLabels, true);
    m_plottable = new TimelinePlottable(xAxis, yAxis, m_data);
    // Above the axes: a pinned process header hides the names of the rows under it.
    m_plottable->setLayer(QStringLiteral("axes"));
    m_rowTicker = QSharedPointer<RowTicker>::create();
    yAxis->setTicker(m_rowTicker);
    yAxis->setRangeReversed(true);
    yAxis->setSubTicks(false);
    yAxis->setTickLength(0, 0);
    yAxis->setTickLabelPadding(12); // room for the thread colour beside the axis
    yAxis->grid()->setVisible(false);
    m_timeTicker = QSharedPointer<TimeTicker>::create();
    xAxis->setTicker(m_timeTicker);
    xAxis->setLabel(QStringLiteral("seconds since the run started"));
    connect(xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            &TimelineView::updateTimeUnit);
    xAxis->setRange(0, 1);
    yAxis->setRange(0, 4);
    // The right margin holds the row scroll bar; the others fit the axes' labels.
    m_scroll = new QScrollBar(Qt::Vertical, this);
    m_scroll->setSingleStep(int(kScrollSteps));
    m_scroll->setToolTip(QStringLiteral("Scroll the threads (or Shift+wheel over the timeline)"));
    m_scroll->hide();
    axisRect()->setAutoMargins(QCP::msLeft | QCP::msTop | QCP::msBottom);
    axisRect()->setMargins(QMargins(0, 0, m_scroll->sizeHint().width() + 6, 0));
    connect(m_scroll, &QScrollBar::valueChanged, this, [this](int value) {
        scrollRowsTo(value / kScrollSteps);
        replot(rpQueuedReplot);
    });
    // Once the layout knows the plot's height (on screen or in an image), the rows that fit.
    connect(this, &QCustomPlot::afterLayout, this, [this] {
        scrollRowsTo(yAxis->range().lower);
        placeScrollBar();
    });

    m_marker = new QCPItemStraightLine(this);
    m_marker->setVisible(false);
    m_marker->setClipToAxisRect(true);
    m_marker->setLayer(QStringLiteral("overlay"));

    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    axisRect()->setRangeZoom(Qt::Horizontal);
    axisRect()->setRangeZoomFactor(0.8);
    connect(xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            &TimelineView::onKeyRangeChanged);
    connect(yAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            [this](const QCPRange &r) {
                if (m_adjusting)
                    return;
                scrollRowsTo(r.lower); // keep rows within bounds and the row height fixed
            });
    setMouseTracking(true);
    applyPalette();
}

void TimelineView::applyPalette()
{
    const QPalette p = palette();
    ui::applyPalette(*this, p);
    QPen marker(p.color(QPalette::Highlight), 2, Qt::DashLine);
    m_marker->setPen(marker);
    m_plottable->setColors(p);
    replot(rpQueuedReplot);
}

void TimelineView::changeEvent(QEvent *event)
{
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void TimelineView::clear()
{
    m_data.clear();
    m_marker->setVisible(false);
    m_follow = true;
    refreshRowAxis();
    xAxis->setRange(0, 1);
    replot(rpQueuedReplot);
}

void TimelineView::append(const Trace &trace, Pid mainPid)
{
    if (m_data.update(trace, mainPid))
        refreshRowAxis();
    if (m_follow)
        followRun();
    replot(rpQueuedReplot);
}

void TimelineView::showTrace(std::shared_ptr<const Trace> trace, Pid mainPid)
{
    m_data.show(std::move(trace), mainPid);
    refreshRowAxis();
    if (m_follow)
        followRun();
    replot(rpQueuedReplot);
}

void TimelineView::refreshRowAxis()
{
    // Thread rows are named beside the axis; a header writes its own name across its band.
    QMap<double, QString> ticks;
    for (const TimelineRow &row : m_data.rows()) {
        if (row.kind == TimelineRow::Kind::Thread)
            ticks.insert(row.center(), row.label);
    }
    m_rowTicker->setTicks(ticks);
    scrollRowsTo(yAxis->range().lower);
}

double TimelineView::visibleRows() const
{
    const double height = std::max(1, axisRect()->height());
    const double rows = std::max(1.0, m_data.height());
    // As many rows as fit at the minimum height, but never taller than the maximum.
    return std::max(std::min(rows, std::floor(height / kMinRowPx)), height / kMaxRowPx);
}

void TimelineView::scrollRowsTo(double top)
{
    const double visible = visibleRows();
    const double maxTop = std::max(0.0, m_data.height() - visible);
    const double clamped = std::clamp(top, 0.0, maxTop);
    m_adjusting = true;
    yAxis->setRange(clamped, clamped + visible);
    m_adjusting = false;
    const QSignalBlocker quiet(m_scroll);
    m_scroll->setRange(0, int(std::ceil(maxTop * kScrollSteps)));
    m_scroll->setPageStep(int(visible * kScrollSteps));
    m_scroll->setValue(int(std::lround(clamped * kScrollSteps)));
    m_scroll->setVisible(maxTop > 0);
}

void TimelineView::placeScrollBar()
{
    const QRect area = axisRect()->rect();
    const int w = m_scroll->sizeHint().width();
    m_scroll->setGeometry(width() - w - 2, area.top(), w, area.height());
}

void TimelineView::toggleProcess(Pid pid)
{
    m_data.toggleCollapsed(pid);
    refreshRowAxis();
    replot(rpQueuedReplot);
}

void TimelineView::setScreenMarks(bool on)
{
    m_plottable->setScreenMarks(on);
}

void TimelineView::setFoldScale(double scale)
{
    m_plottable->setFoldScale(scale);
}

void TimelineView::followRun()
{
    const double end =
        double(std::max({m_data.endNs(), m_running ? m_data.nowNs() : 0, m_extentNs})) / 1e9;
    m_adjusting = true;
    // Nothing yet: a second, in seconds, rather than a microsecond of nothing.
    xAxis->setRange(0, end > 0 ? std::max(2e-6, end * 1.04) : 1.0);
    m_adjusting = false;
}

void TimelineView::updateTimeUnit()
{
    const double size = xAxis->range().size();
    const auto [perSecond, unit] = size < 2e-3  ? std::pair(1e6, QStringLiteral("microseconds"))
                                   : size < 2.0 ? std::pair(1e3, QStringLiteral("milliseconds"))
                                                : std::pair(1.0, QStringLiteral("seconds"));
    m_timeTicker->setUnit(perSecond);
    xAxis->setLabel(QStringLiteral("%1 since the run started").arg(unit));
}

void TimelineView::setRunning(bool running)
{
    m_running = running;
    if (running)
        m_follow = true;
    if (m_follow)
        followRun();
    replot(rpQueuedReplot);
}

void TimelineView::fitAll()
{
    m_follow = true;
    followRun();
    scrollRowsTo(0);
    replot(rpQueuedReplot);
}

void TimelineView::onKeyRangeChanged(const QCPRange &range)
{
    if (m_adjusting)
        return;
    // Keep a sensible window: not narrower than a microsecond, not far outside the run.
    const double full =
        std::max(1e-3, double(std::max({m_data.endNs(), m_data.nowNs(), m_extentNs})) / 1e9 * 1.04);
    double lower = range.lower;
    double size = std::clamp(range.size(), 1e-6, full * 2);
    lower = std::clamp(lower, -full * 0.5, full);
    if (lower != range.lower || size != range.size()) {
        m_adjusting = true;
        xAxis->setRange(lower, lower + size);
        m_adjusting = false;
    }
}

void TimelineView::markMoment(std::int64_t ns, TrackId track)
{
    const double t = double(ns) / 1e9;
    m_marker->point1->setCoords(t, 0);
    m_marker->point2->setCoords(t, 1);
    m_marker->setVisible(true);
    const QCPRange keys = xAxis->range();
    if (t < keys.lower || t > keys.upper) {
        m_follow = false;
        m_adjusting = true;
        xAxis->setRange(t - keys.size() / 2, t + keys.size() / 2);
        m_adjusting = false;
    }
    const TrackInfo *info = m_data.track(track);
    if (info != nullptr && m_data.collapsed(info->pid))
        toggleProcess(info->pid); // the moment's thread is folded away: show it
    const int row = m_data.rowOf(track);
    const QCPRange rows = yAxis->range();
    if (row >= 0) {
        const TimelineRow &r = m_data.rows()[std::size_t(row)];
        if (r.top < rows.lower + kHeaderHeight || r.bottom() > rows.upper)
            scrollRowsTo(r.center() - rows.size() / 2);
    }
    replot(rpQueuedReplot);
}

std::optional<std::int64_t> TimelineView::markedMoment() const
{
    if (!m_marker->visible())
        return std::nullopt;
    return std::llround(m_marker->point1->coords().x() * 1e9);
}

QString TimelineView::tooltipAt(const QPoint &pos) const
{
    const int r = rowAtPixel(pos);
    if (r < 0)
        return {};
    const TimelineRow &row = m_data.rows()[std::size_t(r)];
    if (row.kind == TimelineRow::Kind::Process)
        return QStringLiteral("<b>%1</b><br>Click to %2 its threads.")
            .arg(row.label.toHtmlEscaped(),
                 row.hidden > 0 ? QStringLiteral("show") : QStringLiteral("hide"));
    if (!axisRect()->rect().contains(pos))
        return {};
    const TrackInfo *track = m_data.track(row.track);
    if (track == nullptr)
        return {};
    const QString folded = describeFolded(row, pos);
    if (row.gil) {
        if (!folded.isEmpty())
            return QStringLiteral("<b>GIL</b> of PID %1<br>%2").arg(track->pid.value()).arg(folded);
        // A holding: its task field is the holder's TrackId.
        const std::int64_t at = std::llround(xAxis->pixelToCoord(pos.x()) * 1e9);
        const auto holding = [&](TaskId holder, std::int64_t start, std::int64_t end) {
            const TrackInfo *h = m_data.track(TrackId(holder.value()));
            return QStringLiteral("<b>GIL</b> of PID %1<br>held by <b>%2</b><br>from %3 s for %4")
                .arg(track->pid.value())
                .arg(h ? h->name.toHtmlEscaped() : QStringLiteral("?"))
                .arg(double(start) / 1e9, 0, 'f', 4)
                .arg(durationText(end - start));
        };
        if (const Span *s = m_data.spans(row.track).find(at))
            return holding(s->task, s->startNs, s->endNs);
        for (const OpenSpan &o : m_data.open()) {
            if (o.track == row.track && o.startNs <= at)
                return holding(o.task, o.startNs, m_data.nowNs());
        }
        return QStringLiteral("<b>GIL</b> of PID %1: free").arg(track->pid.value());
    }
    const QString who = QStringLiteral("<b>%1</b><br>PID %2 · thread id %3")
                            .arg(track->name.toHtmlEscaped())
                            .arg(track->pid.value())
                            .arg(track->tid.value());
    const auto call = [&](TaskId id) {
        const QString label = m_data.callLabel(id);
        return label.isEmpty() ? QStringLiteral("(its own)") : label.toHtmlEscaped();
    };
    const std::int64_t ns = std::llround(xAxis->pixelToCoord(pos.x()) * 1e9);
    // A printed line within a few pixels wins: ticks are small targets.
    if (const Tick *tick = tickNear(r, pos)) {
        const Event &e = m_data.events()[tick->event];
        if (e.kind == EventKind::Deadlock)
            return QStringLiteral("%1<br><b>deadlocked</b> at %2 s in %3: it %4, and the thread "
                                  "holding that waits (through the others) for a lock this one "
                                  "holds. Nothing could go on, so the run was ended.")
                .arg(who)
                .arg(double(e.timeNs) / 1e9, 0, 'f', 4)
                .arg(call(e.task), e.text.toHtmlEscaped());
        return QStringLiteral("%1<br>%2 at %3 s in %4:<br><tt>%5</tt>")
            .arg(who, e.kind == EventKind::ErrorOutput ? QStringLiteral("wrote to stderr")
                      : e.kind == EventKind::Mark      ? QStringLiteral("marked")
                                                       : QStringLiteral("printed"))
            .arg(double(e.timeNs) / 1e9, 0, 'f', 4)
            .arg(call(e.task), e.text.toHtmlEscaped());
    }
    if (!folded.isEmpty())
        return who + QStringLiteral("<br>") + folded;
    const auto describe = [&](TaskId task, SpanKind kind, std::int64_t start, std::int64_t end,
                              bool running) {
        return QStringLiteral(
                   "%1<br>call: %2<br><span style='color:%3'>■</span> %4<br>from %5 s for %6%7")
            .arg(who, call(task), kindColor(kind).name(), spanKindDescription(kind))
            .arg(double(start) / 1e9, 0, 'f', 4)
            .arg(durationText(end - start), running ? QStringLiteral(" so far") : QString());
    };
    if (const Span *s = m_data.spans(row.track).find(ns))
        return describe(s->task, s->kind, s->startNs, s->endNs, false);
    for (const OpenSpan &o : m_data.open()) {
        if (o.track == row.track && o.startNs <= ns && ns <= m_data.nowNs())
            return describe(o.task, o.kind, o.startNs, m_data.nowNs(), true);
    }
    return who;
}

int TimelineView::rowAtPixel(const QPoint &pos) const
{
    const QRect area = axisRect()->rect();
    if (pos.y() < area.top() || pos.y() >= area.bottom() || pos.x() >= area.right())
        return -1;
    const int r = m_data.rowAt(yAxis->pixelToCoord(pos.y()));
    if (r < 0)
        return -1;
    // A header pinned at the top covers the rows under it.
    const int top = m_data.rowAt(yAxis->range().lower);
    if (top >= 0) {
        const double pinnedPx = (yAxis->coordToPixel(kHeaderHeight) - yAxis->coordToPixel(0));
        if (pos.y() < area.top() + pinnedPx &&
            m_data.rows()[std::size_t(r)].header == m_data.rows()[std::size_t(top)].header)
            return m_data.rows()[std::size_t(top)].header;
    }
    return r;
}

QString TimelineView::describeFolded(const TimelineRow &row, const QPoint &pos) const
{
    // A pixel column either side: what a folded mark there stands for.
    const double nsPerPx = xAxis->range().size() * 1e9 / std::max(1, axisRect()->width());
    const std::int64_t ns = std::llround(xAxis->pixelToCoord(pos.x()) * 1e9);
    const std::int64_t reach = std::max<std::int64_t>(1, std::llround(nsPerPx));
    const RowSpans &spans = m_data.spans(row.track);
    if (const Span *s = spans.find(ns);
        s != nullptr && double(s->endNs - s->startNs) >= 2 * nsPerPx)
        return {}; // a span wide enough to be drawn as itself
    const SpanCounts counts = spans.count(ns - reach, ns + reach);
    if (counts.total < 2)
        return {};
    QString text =
        QStringLiteral("<b>%1 %2</b> in these %3, too short to draw apart:")
            .arg(counts.total)
            .arg(row.gil ? QStringLiteral("holdings of the GIL") : QStringLiteral("spans"))
            .arg(durationText(2 * reach));
    for (int k = 0; k < kSpanKindCount && !row.gil; ++k) {
        if (counts.byKind[std::size_t(k)] > 0)
            text += QStringLiteral("<br><span style='color:%1'>■</span> %2 %3")
                        .arg(kindColor(SpanKind(k)).name())
                        .arg(counts.byKind[std::size_t(k)])
                        .arg(spanKindDescription(SpanKind(k)));
    }
    return text + QStringLiteral("<br><i>Zoom in (wheel) to see them one by one.</i>");
}

const Tick *TimelineView::tickNear(int row, const QPoint &pos) const
{
    if (row < 0 || m_data.rows()[std::size_t(row)].kind != TimelineRow::Kind::Thread)
        return nullptr;
    const std::int64_t ns = std::llround(xAxis->pixelToCoord(pos.x()) * 1e9);
    const double nsPerPx = xAxis->range().size() * 1e9 / std::max(1, axisRect()->width());
    const std::int64_t reach = std::llround(4 * nsPerPx);
    const auto &ticks = m_data.ticks(m_data.rows()[std::size_t(row)].track);
    const auto it = std::partition_point(ticks.begin(), ticks.end(),
                                         [&](const Tick &t) { return t.ns < ns - reach; });
    return it != ticks.end() && it->ns <= ns + reach ? &*it : nullptr;
}

void TimelineView::paintEvent(QPaintEvent *event)
{
    QCustomPlot::paintEvent(event);
    if (m_data.rows().empty() && !m_running)
        paintPlaceholder(this,
                         QStringLiteral("No run yet. Run the workload in a mode (Ctrl+1 … "
                                        "Ctrl+4): each thread gets a row here, grouped "
                                        "by process, coloured by what it is doing."),
                         axisRect()->rect());
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->pos();
    QCustomPlot::mousePressEvent(event);
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    QCustomPlot::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton ||
        (event->pos() - m_pressPos).manhattanLength() > QApplication::startDragDistance())
        return; // a drag pans; only a click acts on what is under it
    const int r = rowAtPixel(event->pos());
    if (r < 0)
        return;
    const TimelineRow &row = m_data.rows()[std::size_t(r)];
    if (row.kind == TimelineRow::Kind::Process) {
        toggleProcess(row.pid);
    } else if (const Tick *tick = tickNear(r, event->pos())) {
        const Event &e = m_data.events()[tick->event];
        Q_EMIT tickClicked(e.timeNs, e.track);
    }
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton)
        m_follow = false; // the user is panning: stop following the run
    QCustomPlot::mouseMoveEvent(event);
    const QString tip = tooltipAt(event->pos());
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), tip, this);
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent *event)
{
    QCustomPlot::mouseDoubleClickEvent(event);
    fitAll();
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    // Over the row names or the scroll bar (which passes on what it cannot scroll), or with
    // Shift, the wheel scrolls rows; elsewhere it zooms time.
    const QRect area = axisRect()->rect();
    if ((event->modifiers() & Qt::ShiftModifier) || event->position().x() < area.left() ||
        event->position().x() > area.right()) {
        const double steps = event->angleDelta().y() / 120.0;
        scrollRowsTo(yAxis->range().lower - steps * 3);
        replot(rpQueuedReplot);
        event->accept();
        return;
    }
    m_follow = false; // the user zoomed: stop following the run
    QCustomPlot::wheelEvent(event);
}

} // namespace interleave::ui
