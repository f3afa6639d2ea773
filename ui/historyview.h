#pragma once

#include "runlibrary.h"

#include <QAbstractTableModel>
#include <QWidget>

class QComboBox;
class QPushButton;
class QTableView;

namespace interleave::ui {

// The run library's runs as a table: when, workload, configuration, wall time, speedup over
// the workload's sequential runs, and how it ended. Newest first.
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        When,
        Workload,
        Configuration,
        Wall,
        Speedup,
        Outcome,
        ColumnCount
    };
    static constexpr int IdRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;
    void setRuns(std::vector<StoredRunSummary> runs);
    const std::vector<StoredRunSummary> &runs() const { return m_runs; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<StoredRunSummary> m_runs;
    QMap<QString, double> m_sequentialMs; // per baseline: the median sequential wall time
};

// History: the kept runs, filtered by workload. Double-click (or Open) reopens a run without
// running it; two selected can be compared on one time axis; Delete removes runs.
class HistoryView : public QWidget
{
    Q_OBJECT

public:
    explicit HistoryView(QWidget *parent = nullptr);

    void setLibrary(RunLibrary *library);
    // Reads the library again (after a run was kept).
    void refresh();
    QTableView *table() const { return m_table; }
    HistoryModel *model() const { return m_model; }
    std::vector<qint64> selectedIds() const;
    // Deletes the selected runs, after asking when `ask`. How many went.
    int deleteSelected(bool ask);

Q_SIGNALS:
    void openRequested(qint64 id);
    // The first is pinned as the reference, the second shown under it.
    void compareRequested(qint64 reference, qint64 run);

private:
    void updateButtons();
    void openSelected();
    void compareSelected();

    RunLibrary *m_library = nullptr;
    HistoryModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QComboBox *m_filter = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_compare = nullptr;
    QPushButton *m_delete = nullptr;
};

} // namespace interleave::ui
