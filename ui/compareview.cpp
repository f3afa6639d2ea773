#include "compareview.h"
#include "text.h"

#include "timeaccount.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace interleave::ui {

CompareView::CompareView(QWidget *parent) : QWidget(parent)
{
    m_table = new QTableWidget(this);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
    setRuns(nullptr, {}, nullptr, {});
}

void CompareView::setRuns(const RunResult *reference, const QString &referenceLabel,
                          const RunResult *current, const QString &currentLabel)
{
    m_table->clear();
    if (reference == nullptr || current == nullptr) {
        m_table->setRowCount(0);
        m_table->setColumnCount(0);
        m_note->setText(QStringLiteral(
            "Pin a run as the reference (Run ▸ Pin as reference, Ctrl+P): the runs after it are "
            "drawn under it on one time axis, and compared here state by state."));
        return;
    }
    const std::vector<StateRow> ref = stateRows(stateTime(*reference));
    const std::vector<StateRow> now = stateRows(stateTime(*current));
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels(
        {referenceLabel, currentLabel, QStringLiteral("difference")});
    m_table->horizontalHeaderItem(0)->setToolTip(QStringLiteral("The pinned reference run"));
    m_table->horizontalHeaderItem(1)->setToolTip(QStringLiteral("The run shown below it"));
    m_table->setRowCount(int(ref.size()));
    for (std::size_t r = 0; r < ref.size(); ++r) {
        const auto cell = [&](double v, bool difference) {
            QString text = ref[r].count ? QString::number(v, 'f', 0)
                                        : QStringLiteral("%1 s").arg(v, 0, 'f', 3);
            if (difference && v > 0)
                text.prepend(QLatin1Char('+'));
            auto *item = new QTableWidgetItem(text);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            return item;
        };
        m_table->setVerticalHeaderItem(int(r), new QTableWidgetItem(ref[r].name));
        m_table->setItem(int(r), 0, cell(ref[r].value, false));
        m_table->setItem(int(r), 1, cell(now[r].value, false));
        m_table->setItem(int(r), 2, cell(now[r].value - ref[r].value, true));
    }
    addCallRows(*reference, *current);
    QString note = QStringLiteral("Seconds in each state, summed over each run's threads: a column "
                                  "sums to its threads times its wall time.");
    if (const QString pays = breakEvenSentence({reference, current}); !pays.isEmpty())
        note += QLatin1Char(' ') + pays;
    m_note->setText(note);
}

// Each call from submission to its end, on average: what handing it over cost in each run.
void CompareView::addCallRows(const RunResult &reference, const RunResult &current)
{
    const CallCosts a = callCosts(reference), b = callCosts(current);
    const auto mean = [](const CallCosts &c, double CallCosts::*part) {
        return c.calls > 0 ? c.*part / c.calls : 0.0;
    };
    const std::pair<const char *, double CallCosts::*> parts[] = {
        {"a call's start-up", &CallCosts::startup},
        {"a call's hand-off", &CallCosts::handoff},
        {"a call queued", &CallCosts::queued},
        {"a call's own work", &CallCosts::work}};
    for (const auto &[name, part] : parts) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setVerticalHeaderItem(row, new QTableWidgetItem(QString::fromUtf8(name)));
        const double x = mean(a, part), y = mean(b, part);
        const std::pair<int, QString> cells[] = {
            {0, durationText(x)},
            {1, durationText(y)},
            {2, (y > x ? QStringLiteral("+") : QString()) + durationText(y - x)}};
        for (const auto &[column, text] : cells) {
            auto *item = new QTableWidgetItem(text);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, item);
        }
    }
}

} // namespace interleave::ui
