#pragma once

#include "exporter.h"
#include "runlibrary.h"

#include "engine.h"
#include "resultsview.h"
#include "runset.h"
#include "workload.h"

#include <QMainWindow>

#include <map>
#include <memory>

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QSplitter;
class QTabWidget;
class QTimer;

namespace interleave::ui {

class ConsoleView;
class OutputModel;
class CompareView;
class RunController;
class SweepView;
class HistoryView;
class TerminalView;
class TimelineView;
class TraceOpener;
class WorkerSlider;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // With `useSettings` false nothing is read from or written to QSettings (screenshots,
    // tests).
    explicit MainWindow(bool useSettings = true, QWidget *parent = nullptr);
    ~MainWindow() override;

    // What the controls do, callable from the command line and tests.
    // A built-in by name, or a workload file: opened once (again, it is read afresh).
    bool selectWorkload(const QString &nameOrPath, QString *error);
    // Where finished and stopped runs are kept (the run library); none: they are not.
    void setLibrary(std::unique_ptr<RunLibrary> library);
    RunLibrary *library() const { return m_library.get(); }
    HistoryView *history() const { return m_history; }
    QAction *keepRunsAction() const { return m_keepAction; }
    // Shows a kept run as if it had just run, without running it; false and `error` if it
    // cannot be read.
    bool reopenRun(qint64 id, QString *error);
    // Opens a trace file into the timeline, console and results, on a thread of its own (Esc
    // stops it); false, with the reason, when it cannot start.
    bool openTrace(const QString &path, QString *error);
    TraceOpener *traceOpener() const { return m_opener; }
    // The first pinned as the reference, the second shown under it.
    bool compareRuns(qint64 reference, qint64 run, QString *error);
    // Reads the shown workload's file again, if it came from one (F5 does before it runs).
    bool reloadWorkload(QString *error);
    const Workload &currentWorkload() const;
    QComboBox *workloadBox() const { return m_workload; }
    void setWorkers(int workers);
    int workers() const;
    void setGil(bool on, double switchIntervalMs = 5.0);
    // The current workload's options, as their checkboxes are set.
    QMap<QString, bool> settings() const;
    lang::Buffering buffering() const;
    void setBuffering(lang::Buffering buffering);
    TerminalView *terminal() const { return m_terminal; }
    ConsoleView *console() const { return m_console; }
    void setOption(const QString &name, bool on);
    QCheckBox *gilSwitch() const { return m_gil; }
    // False when it did not start: `error` says why, or is empty when the person declined.
    bool startRun(Mode mode, QString *error = nullptr);
    // Pool (or processes, if it ran last) at every worker count from 1 to the slider's value,
    // each repeated as set; false as startRun.
    bool startSweep(QString *error = nullptr);
    QSpinBox *repeatSpin() const { return m_repeat; }
    SweepView *sweep() const { return m_sweep; }
    CompareView *compare() const { return m_compare; }
    TimelineView *reference() const { return m_reference; }
    QAction *pinAction() const { return m_pinAction; }
    QAction *exportImageAction() const { return m_exportImageAction; }
    void stopRun();
    bool isRunning() const;
    QString exportTimelineImage(const QString &path, const ExportOptions &options = {});
    QString exportTrace(const QString &path);
    std::shared_ptr<const RunResult> lastResult() const { return m_last; }
    // "square-cube · threads · 2 threads · wall 0.801 s · 2.00× sequential"
    QString titleLine() const;

    QPushButton *runButton(Mode mode) const;
    QPushButton *stopButton() const { return m_stop; }
    QSlider *workerSlider() const;
    QSpinBox *workerSpin() const { return m_workersSpin; }
    TimelineView *timeline() const { return m_timeline; }
    ResultsView *results() const { return m_results; }
    OutputModel *output() const { return m_output; }
    QLabel *statusLabel() const { return m_status; }

Q_SIGNALS:
    void runFinished(std::shared_ptr<const RunResult> result);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    enum class BudgetAnswer
    {
        NotAsked,
        Lifted,
        Declined
    };
    BudgetAnswer askToLiftLimits(const Workload &workload, const RunOptions &options);
    void buildControls();
    void buildMenus();
    void showOptions(const Workload &workload);
    void restoreSettings();
    void saveSettings() const;
    // `path`: the file it came from, empty for a built-in.
    void addWorkload(Workload workload, const QString &path);
    // The workload's name, or, if another workload has it, the name with its file's.
    QString uniqueName(const QString &name, const QString &path) const;
    bool reloadWorkload(std::size_t index, QString *error);
    void onWorkloadChanged(int index);
    int indexOfWorkload(const QString &name) const; // -1 when the window has none of that name
    void showLessonOf(const Workload &workload);
    RunOptions currentOptions(Mode mode) const;
    bool startBatch(std::vector<RunOptions> batch, QString *error);
    void onStarted(const RunOptions &options);
    void onProgressed();
    void onFinished(const std::shared_ptr<const RunResult> &result);
    // Shows a finished run (just now, or kept from before) in the timeline, output and lesson.
    void showRun(const std::shared_ptr<const RunResult> &result);
    std::vector<const ResultEntry *> sweepFamily() const;
    bool isSwept(const ResultEntry &entry) const;
    void refreshSweep();
    Mode sweepMode() const;
    void onWorkersMoved(int count);
    void onWorkersReleased();
    void togglePin();
    void showComparison();
    // "square-cube · threads · 2 threads · wall 0.801 s · 2.00× sequential"
    QString runTitle(const RunResult &r) const;
    void setRunning(bool running);
    void updateStatus();
    void refreshResults();
    void prepareToKeep();
    void openWorkloadFile();
    void openTraceDialog();
    void askHistorySizeLimit();
    void onTraceOpened(const std::shared_ptr<const RunResult> &run);
    void runAgain();
    void exportImageDialog();
    // Asks for a PNG or JPEG's size: 1×, 2× or typed in. False when cancelled.
    bool askImageSize(ExportOptions *options);
    void exportTraceDialog();
    void showAbout();
    void showError(const QString &title, const QString &message);

    const bool m_useSettings;
    std::unique_ptr<RunLibrary> m_library;
    HistoryView *m_history = nullptr;
    // Reads a kept run, with its workload selected (added from the run's own JSON if need be).
    std::shared_ptr<const RunResult> loadRun(qint64 id, QString *error);
    std::vector<Workload> m_workloads;
    std::vector<QString> m_workloadPaths; // by entry: its file, empty for a built-in
    RunController *m_controller = nullptr;
    OutputModel *m_output = nullptr;
    TimelineView *m_timeline = nullptr;
    ConsoleView *m_console = nullptr;
    TerminalView *m_terminal = nullptr;
    QComboBox *m_stdout = nullptr;
    QLabel *m_stdoutLabel = nullptr;
    ResultsView *m_results = nullptr;
    QComboBox *m_workload = nullptr;
    QLabel *m_lesson = nullptr;
    QHBoxLayout *m_optionsRow = nullptr;
    std::vector<QCheckBox *> m_optionBoxes;
    std::map<Mode, QPushButton *> m_runButtons;
    std::map<Mode, QAction *> m_runActions;
    QPushButton *m_stop = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_noLimitsAction = nullptr; // Run ▸ Lift the run's limits
    QAction *m_keepAction = nullptr;     // Run ▸ Keep runs in History
    QAction *m_againAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_openTraceAction = nullptr;
    TraceOpener *m_opener = nullptr;
    QAction *m_exportTraceAction = nullptr;
    QAction *m_exportImageAction = nullptr;
    WorkerSlider *m_workersSlider = nullptr;
    QSpinBox *m_workersSpin = nullptr;
    QCheckBox *m_gil = nullptr;
    QDoubleSpinBox *m_switchInterval = nullptr;
    QSplitter *m_vertical = nullptr;
    QSplitter *m_horizontal = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_clock = nullptr;
    Mode m_runningMode = Mode::Sequential;
    std::shared_ptr<const RunResult> m_last;
    // Every finished run of the session, by workload and configuration.
    RunSet m_runs;
    Mode m_sweepMode = Mode::Pool;
    QSpinBox *m_repeat = nullptr;
    QPushButton *m_sweepButton = nullptr;
    QAction *m_sweepAction = nullptr;
    QTabWidget *m_resultTabs = nullptr;
    SweepView *m_sweep = nullptr;
    // Compare: a pinned reference run drawn above the current one, on one time axis.
    std::shared_ptr<const RunResult> m_pinned;
    TimelineView *m_reference = nullptr;
    QLabel *m_referenceTitle = nullptr;
    QLabel *m_currentTitle = nullptr;
    CompareView *m_compare = nullptr;
    QAction *m_pinAction = nullptr;
    bool m_syncing = false;
};

} // namespace interleave::ui
