#include "resultsview.h"

#include "style.h"

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

void ResultsView::setResults(const QString &workload, const std::map<Mode, ModeResult> &results,
                             const QMap<QString, double> &idealMs)
{
    m_workload = workload;
    m_results = results;
    m_idealMs = idealMs;
    rebuild();
}

void ResultsView::setLesson(const Lesson &lesson)
{
    // A run that contradicts its own lesson says so plainly, in the colour of a warning.
    m_lesson->setText(lesson.contradicted
                          ? QStringLiteral("<b style='color:#b35c00'>Not what the lesson "
                                           "expects:</b> ") +
                                lesson.text.toHtmlEscaped()
                          : QStringLiteral("<b>What happened:</b> ") + lesson.text.toHtmlEscaped());
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
    if (m_results.empty())
        return QStringLiteral("Run a mode to see its wall time here.");
    const auto seq = m_results.find(Mode::Sequential);
    if (seq == m_results.end())
        return QStringLiteral("No sequential run of %1 yet: run it to see the speedup.")
            .arg(m_workload);
    QStringList parts;
    for (const auto &[mode, r] : m_results) {
        if (mode == Mode::Sequential || r.wallNs <= 0)
            continue;
        const double speedup = double(seq->second.wallNs) / double(r.wallNs);
        parts << QStringLiteral("%1 %2× %3")
                     .arg(modeName(mode))
                     .arg(speedup, 0, 'f', 2)
                     .arg(speedup >= 1 ? QStringLiteral("faster") : QStringLiteral("(slower)"));
    }
    return parts.isEmpty() ? QStringLiteral("Sequential baseline: %1 s.")
                                 .arg(double(seq->second.wallNs) / 1e9, 0, 'f', 3)
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

    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const std::vector<Mode> &modes = allModes();
    for (std::size_t i = 0; i < modes.size(); ++i)
        ticker->addTick(double(i), modeName(modes[i]));
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setRange(-0.6, double(modes.size()) - 0.4);
    m_plot->xAxis->grid()->setVisible(false);

    auto *bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    bars->setWidth(0.6);
    bars->setPen(Qt::NoPen);
    bars->setBrush(kindColor(SpanKind::Wait));
    const auto seq = m_results.find(Mode::Sequential);
    double top = 0.1;
    for (std::size_t i = 0; i < modes.size(); ++i) {
        const auto it = m_results.find(modes[i]);
        const auto ideal = m_idealMs.constFind(modeName(modes[i]));
        if (ideal != m_idealMs.constEnd()) {
            // The ideal: a dashed line across the bar's slot.
            const double y = *ideal / 1e3;
            auto *line = new QCPItemLine(m_plot);
            line->start->setCoords(double(i) - 0.38, y);
            line->end->setCoords(double(i) + 0.38, y);
            line->setPen(QPen(text, 1.5, Qt::DashLine));
            top = std::max(top, y);
        }
        if (it == m_results.end())
            continue;
        const double seconds = double(it->second.wallNs) / 1e9;
        bars->addData(double(i), seconds);
        top = std::max(top, seconds);
        QString label = QStringLiteral("%1 s").arg(seconds, 0, 'f', 3);
        if (seq != m_results.end() && it->second.wallNs > 0)
            label += QStringLiteral("\n%1×").arg(
                double(seq->second.wallNs) / double(it->second.wallNs), 0, 'f', 2);
        if (modes[i] == Mode::Pool || modes[i] == Mode::Processes)
            label += QStringLiteral("\n%1 workers").arg(it->second.workers);
        auto *t = new QCPItemText(m_plot);
        t->position->setCoords(double(i), seconds);
        t->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        t->setText(label);
        t->setColor(text);
        t->setPadding(QMargins(0, 0, 0, 4));
    }
    m_plot->yAxis->setRange(0, top * 1.45);

    if (!m_idealMs.isEmpty()) {
        auto *legend = new QCPItemText(m_plot);
        legend->position->setType(QCPItemPosition::ptAxisRectRatio);
        legend->position->setCoords(0.99, 0.02);
        legend->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
        legend->setText(QStringLiteral("- - - ideal"));
        legend->setColor(text);
    }
    m_note->setText(summary());
    m_runSequential->setVisible(!m_workload.isEmpty() && !m_results.empty() &&
                                m_results.find(Mode::Sequential) == m_results.end());
    m_plot->replot();
}

} // namespace interleave::ui
