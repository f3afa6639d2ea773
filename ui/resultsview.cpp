#include "resultsview.h"

#include "style.h"
#include "text.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace interleave::ui {

ResultsView::ResultsView(QWidget *parent) : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumHeight(140);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_lesson = new QLabel(this);
    m_lesson->setWordWrap(true);
    m_lesson->setVisible(false);
    m_lesson->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runSequential = new QPushButton(QStringLiteral("Run sequential"), this);
    m_runSequential->setToolTip(
        QStringLiteral("Run this workload sequentially to have a baseline for the speedup"));
    connect(m_runSequential, &QPushButton::clicked, this, &ResultsView::runSequentialRequested);

    auto *noteRow = new QHBoxLayout;
    noteRow->addWidget(m_note, 1);
    noteRow->addWidget(m_runSequential);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot, 1);
    layout->addLayout(noteRow);
    layout->addWidget(m_lesson);
    rebuild();
}

void ResultsView::setResults(const QString &workload, std::vector<ResultBar> bars,
                             const QMap<QString, double> &idealMs)
{
    m_workload = workload;
    m_bars = std::move(bars);
    m_idealMs = idealMs;
    rebuild();
}

void ResultsView::setLesson(const Lesson &lesson)
{
    // A run that contradicts its own lesson says so plainly, in the colour of a warning; so do
    // repeats that disagree, which neither show nor deny it.
    QString head = QStringLiteral("<b>What happened:</b> ");
    if (lesson.noisy)
        head = QStringLiteral("<b style='color:#b35c00'>Not conclusive:</b> ");
    else if (lesson.contradicted)
        head = QStringLiteral("<b style='color:#b35c00'>Not what the lesson expects:</b> ");
    m_lesson->setText(head + lesson.text.toHtmlEscaped());
    m_lesson->setVisible(!lesson.isEmpty());
}

void ResultsView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        rebuild();
}

QString ResultsView::summary() const
{
    if (m_bars.empty())
        return QStringLiteral("Run a mode to see its wall time here.");
    QStringList parts;
    bool baseline = false;
    for (const ResultBar &b : m_bars) {
        baseline = baseline || b.mode == Mode::Sequential;
        if (b.mode == Mode::Sequential || !b.speedup)
            continue;
        parts << QStringLiteral("%1 %2 %3")
                     .arg(b.label, speedupText(*b.speedup),
                          *b.speedup >= 1 ? QStringLiteral("faster") : QStringLiteral("(slower)"));
    }
    if (!baseline)
        return QStringLiteral("No sequential run of %1 yet: run it to see the speedup.")
            .arg(m_workload);
    return parts.isEmpty() ? QStringLiteral("Sequential baseline: %1.")
                                 .arg(wallText(std::llround(m_bars.front().wallMs.median * 1e6)))
                           : QStringLiteral("Over sequential: ") +
                                 parts.join(QStringLiteral(", ")) + QLatin1Char('.');
}

void ResultsView::rebuild()
{
    const QPalette p = palette();
    const QColor text = p.color(QPalette::Text);
    m_plot->clearPlottables();
    m_plot->clearItems();
    applyPalette(*m_plot, p);
    m_plot->yAxis->setLabel(QStringLiteral("wall time (s)"));

    // One slot per configuration; before any run, one per mode, empty.
    std::vector<ResultBar> places = m_bars;
    if (places.empty())
        for (Mode mode : allModes())
            places.push_back({modeName(mode), mode, {}, {}});
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (std::size_t i = 0; i < places.size(); ++i)
        ticker->addTick(
            double(i),
            QString(places[i].label).replace(QStringLiteral(" · "), QStringLiteral("\n")));
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setRange(-0.6, double(places.size()) - 0.4);
    m_plot->xAxis->grid()->setVisible(false);

    auto *bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    bars->setWidth(0.6);
    bars->setPen(Qt::NoPen);
    bars->setBrush(kindColor(SpanKind::Wait));
    auto *ranges = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
    ranges->setDataPlottable(bars);
    ranges->setPen(QPen(text, 1.2));
    ranges->setWhiskerWidth(8);
    double top = 0.1;
    for (std::size_t i = 0; i < places.size(); ++i) {
        const ResultBar &b = places[i];
        const auto ideal = m_idealMs.constFind(modeName(b.mode));
        if (ideal != m_idealMs.constEnd()) {
            // The ideal: a dashed line across the bar's slot.
            const double y = *ideal / 1e3;
            auto *line = new QCPItemLine(m_plot);
            line->start->setCoords(double(i) - 0.38, y);
            line->end->setCoords(double(i) + 0.38, y);
            line->setPen(QPen(text, 1.5, Qt::DashLine));
            top = std::max(top, y);
        }
        if (b.wallMs.count == 0) {
            bars->addData(double(i), 0);
            ranges->addData(0, 0);
            continue;
        }
        const double seconds = b.wallMs.median / 1e3;
        bars->addData(double(i), seconds);
        ranges->addData(seconds - b.wallMs.min / 1e3, b.wallMs.max / 1e3 - seconds);
        top = std::max(top, b.wallMs.max / 1e3);
        QString label = QStringLiteral("%1 s").arg(seconds, 0, 'f', 3);
        if (b.speedup)
            label += QLatin1Char('\n') + speedupText(*b.speedup);
        if (b.wallMs.count > 1)
            label += QStringLiteral("\nmedian of %1").arg(b.wallMs.count);
        auto *t = new QCPItemText(m_plot);
        t->position->setCoords(double(i), b.wallMs.max / 1e3);
        t->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        t->setText(label);
        t->setColor(text);
        t->setPadding(QMargins(0, 0, 0, 4));
    }
    m_plot->yAxis->setRange(0, top * 1.8); // room for three lines of label

    if (!m_idealMs.isEmpty()) {
        auto *legend = new QCPItemText(m_plot);
        legend->position->setType(QCPItemPosition::ptAxisRectRatio);
        legend->position->setCoords(0.99, 0.02);
        legend->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
        legend->setText(QStringLiteral("- - - ideal"));
        legend->setColor(text);
    }
    m_note->setText(summary());
    const bool baseline = std::any_of(m_bars.begin(), m_bars.end(), [](const ResultBar &b) {
        return b.mode == Mode::Sequential;
    });
    m_runSequential->setVisible(!m_workload.isEmpty() && !m_bars.empty() && !baseline);
    m_plot->replot();
}

} // namespace interleave::ui
