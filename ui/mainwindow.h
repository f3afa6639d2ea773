#pragma once

// The window: the control bar, the timeline pane, the output and the results, wired to the
// Workbench under them, which decides what runs and what is shown.

#include "controlbar.h"
#include "exporter.h"
#include "lowerpanes.h"
#include "resultsview.h"
#include "timelinepane.h"
#include "windowmenus.h"
#include "workbench.h"

#include <QAction>
#include <QMainWindow>

#include <memory>

class QLabel;
class QSplitter;
class QTimer;

namespace interleave::ui {

class CompareView;
class ConsoleView;
class HistoryView;
class OutputModel;
class SweepView;
class TerminalView;
class TimelineView;
class TraceOpener;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // With `useSettings` false nothing is read from or written to QSettings (screenshots,
    // tests).
    explicit MainWindow(bool useSettings = true, QWidget *parent = nullptr);
    ~MainWindow() override;

    Workbench *workbench() const { return m_bench; }

    // What the controls do, callable from the command line and tests.
    // A built-in by name, or a workload file: opened once (again, it is read afresh).
    bool selectWorkload(const QString &nameOrPath, QString *error)
    {
        return m_bench->select(nameOrPath, error);
    }
    // Reads the shown workload's file again, if it came from one (F5 does before it runs).
    bool reloadWorkload(QString *error) { return m_bench->reload(m_bench->current(), error); }
    const Workload &currentWorkload() const { return m_bench->currentWorkload(); }
    // Where finished and stopped runs are kept (the run library); none: they are not.
    void setLibrary(std::unique_ptr<RunLibrary> library);
    RunLibrary *library() const { return m_bench->library(); }
    // Shows a kept run as if it had just run, without running it; false and `error` if it
    // cannot be read.
    bool reopenRun(qint64 id, QString *error);
    // The first pinned as the reference, the second shown under it.
    bool compareRuns(qint64 reference, qint64 run, QString *error);
    // Opens a trace file into the timeline, console and results, on a thread of its own (Esc
    // stops it); false, with the reason, when it cannot start.
    bool openTrace(const QString &path, QString *error);
    // False when it did not start: `error` says why, or is empty when the person declined.
    bool startRun(Mode mode, QString *error = nullptr);
    // Pool (or processes, if it ran last) at every worker count from 1 to the slider's value,
    // each repeated as set; false as startRun.
    bool startSweep(QString *error = nullptr);
    void stopRun();
    bool isRunning() const;
    QString exportTimelineImage(const QString &path, const ExportOptions &options = {});
    QString exportTrace(const QString &path);
    std::shared_ptr<const RunResult> lastResult() const { return m_bench->last(); }
    // "square-cube · threads · 2 threads · wall 0.801 s · 2.00× sequential"
    QString titleLine() const;

    ControlBar *controls() const { return m_controls; }
    // Run ▸ Lift the run's limits.
    void liftLimits(bool lifted) { m_menus.noLimits->setChecked(lifted); }
    void setWorkers(int workers) { m_controls->setWorkers(workers); }
    int workers() const { return m_controls->workers(); }
    void setGil(bool on, double switchIntervalMs = 5.0)
    {
        m_controls->setGil(on, switchIntervalMs);
    }
    QMap<QString, bool> settings() const { return m_controls->settings(); }
    void setOption(const QString &name, bool on) { m_controls->setOption(name, on); }
    lang::Buffering buffering() const { return m_controls->buffering(); }
    void setBuffering(lang::Buffering buffering) { m_controls->setBuffering(buffering); }
    QComboBox *workloadBox() const { return m_controls->workloadBox(); }
    QPushButton *runButton(Mode mode) const { return m_controls->runButton(mode); }
    QPushButton *stopButton() const { return m_controls->stopButton(); }
    QSlider *workerSlider() const { return m_controls->workerSlider(); }
    QSpinBox *workerSpin() const { return m_controls->workerSpin(); }
    QSpinBox *repeatSpin() const { return m_controls->repeatSpin(); }
    QCheckBox *gilSwitch() const { return m_controls->gilSwitch(); }

    HistoryView *history() const { return m_panes->history(); }
    TraceOpener *traceOpener() const { return m_opener; }
    TerminalView *terminal() const { return m_panes->terminal(); }
    ConsoleView *console() const { return m_panes->console(); }
    SweepView *sweep() const { return m_panes->sweep(); }
    CompareView *compare() const { return m_panes->compare(); }
    TimelineView *timeline() const { return m_pane->timeline(); }
    TimelineView *reference() const { return m_pane->reference(); }
    ResultsView *results() const { return m_panes->results(); }
    OutputModel *output() const { return m_output; }
    QLabel *statusLabel() const { return m_status; }
    QAction *keepRunsAction() const { return m_menus.keepRuns; }
    QAction *pinAction() const { return m_menus.pin; }
    QAction *exportImageAction() const { return m_menus.exportImage; }

Q_SIGNALS:
    void runFinished(std::shared_ptr<const RunResult> result);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildViews();
    QWidget *buildPanes();
    void buildMenus();
    void wireViews();
    void wireWorkbench();
    void applySettings();
    void saveSettings() const;
    void onWorkloadAdded(int index);
    void onCurrentChanged(int index);
    void onLastCleared();
    RunOptions currentOptions(Mode mode) const;
    // A run past its budget is offered once more with its limits lifted; false when declined.
    bool liftLimitsIfAsked(std::vector<RunOptions> &batch);
    bool startBatch(std::vector<RunOptions> batch, QString *error);
    void onStarted(const RunOptions &options);
    void onProgressed();
    void onFinished(const std::shared_ptr<const RunResult> &result);
    // Shows a run (just finished, swept, reopened, opened) in the timeline, output and lesson.
    void showRun(const std::shared_ptr<const RunResult> &result);
    void showComparison();
    void togglePin();
    void refreshResults();
    void onWorkersMoved(int count);
    void onWorkersReleased();
    void setRunning(bool running);
    void updateStatus();
    void openWorkloadDialog();
    void openTraceDialog();
    void onTraceOpened(const std::shared_ptr<const RunResult> &run);
    void onTraceFailed(const QString &error);
    void runAgain();
    void exportImageDialog();
    void exportTraceDialog();
    void historySizeDialog();
    void showError(const QString &title, const QString &message);

    const bool m_useSettings;
    Workbench *m_bench = nullptr;
    ControlBar *m_controls = nullptr;
    TimelinePane *m_pane = nullptr;
    OutputModel *m_output = nullptr;
    TraceOpener *m_opener = nullptr;
    LowerPanes *m_panes = nullptr;
    QSplitter *m_vertical = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_clock = nullptr;
    WindowMenus m_menus;
    Mode m_runningMode = Mode::Sequential;
};

} // namespace interleave::ui
