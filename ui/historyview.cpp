#include "historyview.h"

#include "statistics.h"
#include "text.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>

namespace interleave::ui {

namespace {
// Where a stored run's baseline is kept: its workload and its label, mode aside.
QString baselineOf(const StoredRunSummary &r)
{
    return r.workload + QLatin1Char('\n') + baselineKey(r.config);
}
} // namespace

void HistoryModel::setRuns(std::vector<StoredRunSummary> runs)
{
    beginResetModel();
    m_runs = std::move(runs);
    // A run's speedup is over the median of its workload's sequential runs with the same
    // label, mode aside, as the results chart's (RunSet::speedup).
    QMap<QString, std::vector<double>> sequential;
    for (const StoredRunSummary &r : m_runs) {
        if (r.mode == modeName(Mode::Sequential) && r.ok)
            sequential[baselineOf(r)].push_back(double(r.wallNs) / 1e6);
    }
    m_sequentialMs.clear();
    for (auto it = sequential.begin(); it != sequential.end(); ++it)
        m_sequentialMs.insert(it.key(), spreadOf(it.value()).median);
    endResetModel();
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const StoredRunSummary &r = m_runs[std::size_t(index.row())];
    if (role == IdRole)
        return r.id;
    if (role == Qt::TextAlignmentRole && (index.column() == Wall || index.column() == Speedup))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole)
        return QStringLiteral("Run %1 · Interleave %2 · %3 cores%4 · %5 KiB kept. Double-click "
                              "to reopen it.")
            .arg(r.id)
            .arg(r.appVersion)
            .arg(r.cores)
            .arg(r.loadAverage ? QStringLiteral(" · load %1").arg(*r.loadAverage, 0, 'f', 2)
                               : QString())
            .arg(double(r.bytes) / 1024, 0, 'f', 1);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case When:
        return r.created.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Workload:
        return r.workload;
    case Configuration:
        return r.config;
    case Wall:
        return wallText(r.wallNs);
    case Speedup: {
        const auto base = m_sequentialMs.find(baselineOf(r));
        if (base == m_sequentialMs.end() || r.wallNs <= 0 || !r.ok)
            return QString();
        return speedupText(*base / (double(r.wallNs) / 1e6));
    }
    case Outcome:
        return r.cancelled ? QStringLiteral("stopped")
               : r.ok      ? QStringLiteral("finished")
                           : QStringLiteral("failed");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const names[] = {"When", "Workload", "Configuration",
                                        "Wall", "Speedup",  "Outcome"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QString();
}

HistoryView::HistoryView(QWidget *parent) : QWidget(parent)
{
    m_model = new HistoryModel(this);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->setToolTip(QStringLiteral("Every run kept in the run library. Double-click to "
                                       "reopen one; select two to compare them."));

    m_filter = new QComboBox(this);
    m_filter->setToolTip(QStringLiteral("Show one workload's runs"));
    m_open = new QPushButton(QStringLiteral("Open"), this);
    m_open->setToolTip(QStringLiteral("Show the run in the timeline, console and results, "
                                      "without running it again (Enter, or double-click)"));
    m_compare = new QPushButton(QStringLiteral("Compare"), this);
    m_compare->setToolTip(QStringLiteral("The older of two selected runs pinned as the "
                                         "reference, the newer under it on one time axis"));
    m_delete = new QPushButton(QStringLiteral("Delete"), this);
    m_delete->setToolTip(QStringLiteral("Remove the selected runs from the library (Delete)"));

    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(QStringLiteral("Workload"), this));
    row->addWidget(m_filter, 1);
    row->addWidget(m_open);
    row->addWidget(m_compare);
    row->addWidget(m_delete);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_table, 1);

    connect(m_filter, &QComboBox::currentIndexChanged, this, &HistoryView::refresh);
    connect(m_table, &QTableView::doubleClicked, this, &HistoryView::openSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &HistoryView::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryView::updateButtons);
    connect(m_open, &QPushButton::clicked, this, &HistoryView::openSelected);
    connect(m_compare, &QPushButton::clicked, this, &HistoryView::compareSelected);
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteSelected(true); });
    auto *remove = new QAction(this);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, this, [this] { deleteSelected(true); });
    m_table->addAction(remove);
    auto *open = new QAction(this);
    open->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    open->setShortcutContext(Qt::WidgetShortcut);
    connect(open, &QAction::triggered, this, &HistoryView::openSelected);
    m_table->addAction(open);
    updateButtons();
}

void HistoryView::setLibrary(RunLibrary *library)
{
    m_library = library;
    refresh();
}

void HistoryView::refresh()
{
    const std::vector<StoredRunSummary> all =
        m_library ? m_library->list() : std::vector<StoredRunSummary>();
    // The filter lists the workloads there are runs of; the choice survives a refresh.
    const QString chosen = m_filter->currentIndex() > 0 ? m_filter->currentText() : QString();
    QStringList workloads;
    for (const StoredRunSummary &r : all) {
        if (!workloads.contains(r.workload))
            workloads << r.workload;
    }
    workloads.sort();
    {
        const QSignalBlocker quiet(m_filter);
        m_filter->clear();
        m_filter->addItem(QStringLiteral("All (%1 runs)").arg(all.size()));
        m_filter->addItems(workloads);
        m_filter->setCurrentIndex(std::max(0, m_filter->findText(chosen)));
    }
    std::vector<StoredRunSummary> shown;
    for (const StoredRunSummary &r : all) {
        if (chosen.isEmpty() || r.workload == chosen)
            shown.push_back(r);
    }
    m_model->setRuns(std::move(shown));
    m_table->resizeColumnsToContents();
}

std::vector<qint64> HistoryView::selectedIds() const
{
    std::vector<qint64> ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        ids.push_back(index.data(HistoryModel::IdRole).toLongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void HistoryView::updateButtons()
{
    const std::size_t n = selectedIds().size();
    m_open->setEnabled(n == 1);
    m_compare->setEnabled(n == 2);
    m_delete->setEnabled(n > 0);
}

void HistoryView::openSelected()
{
    const auto ids = selectedIds();
    if (ids.size() == 1)
        Q_EMIT openRequested(ids.front());
}

void HistoryView::compareSelected()
{
    const auto ids = selectedIds();
    if (ids.size() == 2)
        Q_EMIT compareRequested(ids[0], ids[1]); // ids grow with time: the older first
}

int HistoryView::deleteSelected(bool ask)
{
    const auto ids = selectedIds();
    if (ids.empty() || m_library == nullptr)
        return 0;
    if (ask && QMessageBox::question(
                   this, QStringLiteral("Delete runs"),
                   QStringLiteral("Delete %1 %2 from the run library? This cannot be undone.")
                       .arg(ids.size())
                       .arg(ids.size() == 1 ? QStringLiteral("run") : QStringLiteral("runs")),
                   QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
        return 0;
    QString error;
    const int removed = m_library->remove(ids, &error);
    if (!error.isEmpty())
        QMessageBox::warning(this, QStringLiteral("Delete runs"), error);
    refresh();
    return removed;
}

} // namespace interleave::ui
