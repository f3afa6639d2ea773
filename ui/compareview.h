#pragma once

#include "engine.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace interleave::ui {

// A pinned reference run beside the current one: seconds in each state summed over each run's
// threads (a column sums to its threads times its wall time), their difference, and what a
// call must cost for each run's mode to pay.
class CompareView : public QWidget
{
    Q_OBJECT

public:
    explicit CompareView(QWidget *parent = nullptr);

    // Either may be null: the table says what is missing.
    void setRuns(const RunResult *reference, const QString &referenceLabel,
                 const RunResult *current, const QString &currentLabel);
    const QTableWidget *table() const { return m_table; }

private:
    void addCallRows(const RunResult &reference, const RunResult &current);

    QTableWidget *m_table = nullptr;
    QLabel *m_note = nullptr;
};

} // namespace interleave::ui
