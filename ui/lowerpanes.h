#pragma once

// Under the timeline: the output (as a terminal gets it, or line by line) beside the results
// (the modes' bars, the sweep, the comparison with a pinned run, and History).

#include <QSplitter>

class QTabWidget;

namespace interleave::ui {

class CompareView;
class ConsoleView;
class HistoryView;
class OutputModel;
class ResultsView;
class SweepView;
class TerminalView;

class LowerPanes : public QSplitter
{
    Q_OBJECT

public:
    explicit LowerPanes(OutputModel *output, QWidget *parent = nullptr);

    TerminalView *terminal() const { return m_terminal; }
    ConsoleView *console() const { return m_console; }
    ResultsView *results() const { return m_results; }
    SweepView *sweep() const { return m_sweep; }
    CompareView *compare() const { return m_compare; }
    HistoryView *history() const { return m_history; }
    // Brings a results page to the front.
    void showResult(QWidget *page);

private:
    TerminalView *m_terminal = nullptr;
    ConsoleView *m_console = nullptr;
    ResultsView *m_results = nullptr;
    SweepView *m_sweep = nullptr;
    CompareView *m_compare = nullptr;
    HistoryView *m_history = nullptr;
    QTabWidget *m_resultTabs = nullptr;
};

} // namespace interleave::ui
