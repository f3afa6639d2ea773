#include "timelinepane.h"

#include "style.h"
#include "timelineview.h"

#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

namespace interleave::ui {

namespace {

// The legend strip above the timeline.
class LegendStrip : public QWidget
{
public:
    using QWidget::QWidget;
    QSize sizeHint() const override
    {
        return legendSize(std::max(400, width()), font()).toSize() + QSize(0, 8);
    }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override
    {
        return int(legendSize(w - 16, font()).height()) + 8;
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        paintLegend(p, QRectF(8, 4, width() - 16, height() - 8), palette());
    }
    void resizeEvent(QResizeEvent *) override { updateGeometry(); }
};

} // namespace

TimelinePane::TimelinePane(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(new LegendStrip(this));
    m_referenceTitle = new QLabel(this);
    m_reference = new TimelineView(this);
    m_reference->setMinimumHeight(120);
    m_currentTitle = new QLabel(this);
    m_timeline = new TimelineView(this);
    m_timeline->setMinimumHeight(220);
    layout->addWidget(m_referenceTitle);
    layout->addWidget(m_reference, 1);
    layout->addWidget(m_currentTitle);
    layout->addWidget(m_timeline, 1);
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_referenceTitle, m_reference, m_currentTitle})
        w->setVisible(false);
    const auto follow = [this](TimelineView *from, TimelineView *to) {
        connect(from->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), to,
                [this, to](const QCPRange &range) {
                    if (m_syncing || m_reference->isHidden())
                        return;
                    m_syncing = true;
                    to->xAxis->setRange(range);
                    to->replot(QCustomPlot::rpQueuedReplot);
                    m_syncing = false;
                });
    };
    follow(m_timeline, m_reference);
    follow(m_reference, m_timeline);
}

void TimelinePane::showReference(const std::shared_ptr<const RunResult> &pinned,
                                 const QString &title)
{
    if (pinned) {
        m_reference->clear();
        m_reference->showTrace(traceOf(pinned), pinned->pid);
        m_referenceTitle->setText(QStringLiteral("<b>Reference</b> (pinned; Ctrl+P lets go): %1")
                                      .arg(title.toHtmlEscaped()));
    } else {
        m_timeline->setExtentNs(0);
    }
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_referenceTitle, m_reference, m_currentTitle})
        w->setVisible(pinned != nullptr);
}

void TimelinePane::compare(const QString &currentTitle, std::int64_t longestNs)
{
    m_currentTitle->setText(
        QStringLiteral("<b>This run</b>: %1").arg(currentTitle.toHtmlEscaped()));
    m_timeline->setExtentNs(longestNs);
    m_reference->setExtentNs(longestNs);
    m_timeline->fitAll();
}

} // namespace interleave::ui
