#include "mainwindow.h"

#include "budget.h"
#include "chrometrace.h"
#include "compareview.h"
#include "consoleview.h"
#include "dialogs.h"
#include "historyview.h"
#include "lessons.h"
#include "lowerpanes.h"
#include "outputmodel.h"
#include "processmode.h"
#include "runcontroller.h"
#include "sweepview.h"
#include "terminalview.h"
#include "text.h"
#include "timelineview.h"
#include "traceopen.h"
#include "traceopener.h"
#include "windowmenus.h"
#include "windowsettings.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

namespace interleave::ui {

namespace {

// The run's threads and processes yield to the window: with every core busy the window still
// redraws and answers clicks (measured with 64 busy threads on 2 cores: gaps between UI timer
// ticks of 90-100 ms at the 90th percentile at equal priority, 20-22 ms at nice 10).
constexpr int kWorkNice = 10;

// "square-cube-threads": a file name for what the run was.
QString fileBase(const RunResult &run)
{
    return QStringLiteral("%1-%2").arg(run.workload, modeName(run.mode()));
}

} // namespace

MainWindow::MainWindow(bool useSettings, QWidget *parent)
    : QMainWindow(parent), m_useSettings(useSettings)
{
    setWindowTitle(QStringLiteral("Interleave"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/interleave.svg")));
    m_bench = new Workbench(this);
    buildViews();
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 6, 8, 4);
    layout->addWidget(m_controls);
    layout->addWidget(buildPanes(), 1);
    setCentralWidget(central);
    m_status = new QLabel(this);
    // A long status must not widen the window past a small screen: it is cut at the edge.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    statusBar()->addWidget(m_status, 1);
    m_clock = new QTimer(this);
    m_clock->setInterval(100);
    connect(m_clock, &QTimer::timeout, this, &MainWindow::updateStatus);
    buildMenus();
    wireViews();
    wireWorkbench();
    for (std::size_t i = 0; i < m_bench->workloads().size(); ++i)
        onWorkloadAdded(int(i));
    resize(1280, 800);
    m_vertical->setSizes({460, 300});
    m_panes->setSizes({720, 520});
    if (m_useSettings)
        applySettings();
    onCurrentChanged(m_bench->current());
    setRunning(false);
    m_status->setText(QStringLiteral("Pick a workload, then run it in a mode (Ctrl+1 … Ctrl+4)."));
}

MainWindow::~MainWindow() = default;

void MainWindow::buildViews()
{
    m_controls = new ControlBar(this);
    m_pane = new TimelinePane(this);
    m_output = new OutputModel(this);
    m_panes = new LowerPanes(m_output, this);
    m_opener = new TraceOpener(this);
}

QWidget *MainWindow::buildPanes()
{
    m_vertical = new QSplitter(Qt::Vertical, this);
    m_vertical->addWidget(m_pane);
    m_vertical->addWidget(m_panes);
    m_vertical->setStretchFactor(0, 3);
    m_vertical->setStretchFactor(1, 2);
    m_vertical->setChildrenCollapsible(false);
    return m_vertical;
}

void MainWindow::buildMenus()
{
    m_menus = WindowMenus::build(menuBar());
    connect(m_menus.openWorkload, &QAction::triggered, this, &MainWindow::openWorkloadDialog);
    connect(m_menus.openTrace, &QAction::triggered, this, &MainWindow::openTraceDialog);
    connect(m_menus.exportImage, &QAction::triggered, this, &MainWindow::exportImageDialog);
    connect(m_menus.exportTrace, &QAction::triggered, this, &MainWindow::exportTraceDialog);
    connect(m_menus.quit, &QAction::triggered, this, &QWidget::close);
    for (const auto &[mode, action] : m_menus.run)
        connect(action, &QAction::triggered, this, [this, m = mode] { runButton(m)->click(); });
    connect(m_menus.again, &QAction::triggered, this, &MainWindow::runAgain);
    connect(m_menus.stop, &QAction::triggered, this, &MainWindow::stopRun);
    QPushButton *sweep = m_controls->sweepButton();
    m_menus.sweep->setStatusTip(sweep->toolTip());
    connect(m_menus.sweep, &QAction::triggered, sweep, &QPushButton::click);
    connect(m_menus.pin, &QAction::triggered, this, &MainWindow::togglePin);
    connect(m_menus.keepRuns, &QAction::toggled, this, [this](bool on) {
        if (m_useSettings)
            WindowSettings::saveKeepRuns(on);
        m_bench->setKeepRuns(on);
    });
    connect(m_menus.historyLimit, &QAction::triggered, this, &MainWindow::historySizeDialog);
    connect(m_menus.fitTimeline, &QAction::triggered, timeline(), &TimelineView::fitAll);
    connect(m_menus.about, &QAction::triggered, this, [this] { showAbout(this); });
}

void MainWindow::wireViews()
{
    connect(m_controls, &ControlBar::runRequested, this, [this](Mode mode) {
        QString error;
        if (!startRun(mode, &error) && !error.isEmpty())
            showError(QStringLiteral("Cannot run"), error);
    });
    connect(m_controls, &ControlBar::stopRequested, this, &MainWindow::stopRun);
    connect(m_controls, &ControlBar::sweepRequested, this, [this] {
        QString error;
        if (!startSweep(&error) && !error.isEmpty())
            showError(QStringLiteral("Cannot sweep"), error);
        else
            m_panes->showResult(sweep());
    });
    connect(m_controls, &ControlBar::workloadPicked, m_bench, &Workbench::setCurrent);
    connect(m_controls, &ControlBar::workersMoved, this, &MainWindow::onWorkersMoved);
    connect(m_controls, &ControlBar::workersReleased, this, &MainWindow::onWorkersReleased);
    connect(history(), &HistoryView::openRequested, this, [this](qint64 id) {
        QString error;
        if (!reopenRun(id, &error))
            showError(QStringLiteral("Cannot reopen the run"), error);
    });
    connect(history(), &HistoryView::compareRequested, this, [this](qint64 a, qint64 b) {
        QString error;
        if (!compareRuns(a, b, &error))
            showError(QStringLiteral("Cannot compare the runs"), error);
    });
    connect(m_opener, &TraceOpener::opened, this, &MainWindow::onTraceOpened);
    connect(m_opener, &TraceOpener::failed, this,
            [this](const QString &, const QString &error) { onTraceFailed(error); });
    const auto mark = [this](qint64 ns, TrackId track) { timeline()->markMoment(ns, track); };
    connect(console(), &ConsoleView::lineActivated, timeline(), mark);
    connect(terminal(), &TerminalView::momentActivated, timeline(), mark);
    // And back: a tick clicked on the timeline selects what was written there.
    connect(timeline(), &TimelineView::tickClicked, this, [this](qint64 ns, TrackId track) {
        terminal()->selectWrite(ns, track);
        console()->selectMoment(ns, track);
    });
    connect(results(), &ResultsView::runSequentialRequested, this,
            [this] { startRun(Mode::Sequential); });
}

void MainWindow::wireWorkbench()
{
    RunController *controller = m_bench->controller();
    connect(controller, &RunController::started, this, &MainWindow::onStarted);
    connect(controller, &RunController::progressed, this, &MainWindow::onProgressed);
    // Nothing is drawn between the two: the live spans go, the final ones come.
    connect(controller, &RunController::finishing, timeline(), &TimelineView::dropSpans);
    connect(m_bench, &Workbench::runFinished, this, &MainWindow::onFinished);
    connect(m_bench, &Workbench::keepFailed, this,
            [this](const QString &error) { statusBar()->showMessage(error, 10000); });
    connect(m_bench, &Workbench::libraryChanged, history(), &HistoryView::refresh);
    connect(m_bench, &Workbench::workloadAdded, this, &MainWindow::onWorkloadAdded);
    connect(m_bench, &Workbench::workloadReloaded, this, [this](int index) {
        const WorkloadEntry &e = m_bench->workloads()[std::size_t(index)];
        m_controls->relabelWorkload(index, e.workload, e.path);
        if (index == m_bench->current())
            onCurrentChanged(index); // its lesson and options as the file now says
    });
    connect(m_bench, &Workbench::currentChanged, this, &MainWindow::onCurrentChanged);
    connect(m_bench, &Workbench::lastCleared, this, &MainWindow::onLastCleared);
}

void MainWindow::onWorkloadAdded(int index)
{
    const WorkloadEntry &e = m_bench->workloads()[std::size_t(index)];
    m_controls->addWorkload(e.workload, e.path);
}

void MainWindow::onCurrentChanged(int index)
{
    m_controls->showWorkload(index, currentWorkload());
    refreshResults();
    results()->setLesson({});
}

// The previous workload's run does not stay under the new lesson, nor its "Finished" line.
void MainWindow::onLastCleared()
{
    timeline()->clear();
    m_output->clear();
    terminal()->clear();
    showComparison();
    setRunning(false);
    const Workload &w = currentWorkload();
    m_status->setText(QStringLiteral("%1: run it in a mode (Ctrl+1 … Ctrl+4).")
                          .arg(w.title.isEmpty() ? w.name : w.title));
}

bool MainWindow::isRunning() const
{
    return m_bench->isRunning() || m_opener->isOpening();
}

RunOptions MainWindow::currentOptions(Mode mode) const
{
    RunOptions options = m_controls->options(mode);
    options.nice = kWorkNice;
    options.limited = !m_menus.noLimits->isChecked();
    return options;
}

bool MainWindow::startRun(Mode mode, QString *error)
{
    return startBatch(
        std::vector<RunOptions>(std::size_t(m_controls->repeats()), currentOptions(mode)), error);
}

bool MainWindow::startSweep(QString *error)
{
    QString problem;
    auto batch =
        m_bench->sweepBatch(currentOptions(m_bench->sweepMode()), m_controls->repeats(), &problem);
    if (!batch.empty())
        return startBatch(std::move(batch), error);
    if (error != nullptr)
        *error = problem;
    return false;
}

// A run past its budget (budget.h) is offered once more with the limits lifted, as a person
// who means it would want. Headless, it is not asked: the run is refused with the estimate.
bool MainWindow::liftLimitsIfAsked(std::vector<RunOptions> &batch)
{
    const Workload &workload = currentWorkload();
    if (!isVisible() || !checkOptions(batch.front(), workload).isEmpty() ||
        !checkWorkerInstalled(batch.front().mode).isEmpty())
        return true;
    const QString past = checkBudget(batch.front(), workload);
    if (past.isEmpty())
        return true;
    if (!askToRunPastLimits(this, past)) {
        m_status->setText(QStringLiteral("Not run: it is past the run's limits."));
        return false;
    }
    for (RunOptions &o : batch)
        o.limited = false;
    return true;
}

bool MainWindow::startBatch(std::vector<RunOptions> batch, QString *error)
{
    if (!liftLimitsIfAsked(batch))
        return false;
    QString problem;
    if (m_bench->start(std::move(batch), &problem))
        return true;
    if (error != nullptr)
        *error = problem;
    m_status->setText(QStringLiteral("Cannot run: %1").arg(problem));
    return false;
}

void MainWindow::onStarted(const RunOptions &options)
{
    QToolTip::hideText();                      // a tooltip about the last run does not outlive it
    m_controls->showLesson(currentWorkload()); // instead of an opened trace's
    m_runningMode = options.mode;
    m_output->clear();
    terminal()->clear();
    terminal()->setBuffering(bufferingText(options.buffering));
    timeline()->clear();
    setRunning(true);
}

void MainWindow::stopRun()
{
    m_bench->controller()->stop();
    m_opener->stop();
}

void MainWindow::setRunning(bool running)
{
    m_controls->setRunning(running);
    for (auto &[mode, action] : m_menus.run)
        action->setEnabled(!running);
    for (QAction *a : {m_menus.again, m_menus.openWorkload, m_menus.openTrace, m_menus.sweep})
        a->setEnabled(!running);
    m_menus.pin->setEnabled(m_bench->last() || m_bench->pinned());
    m_menus.stop->setEnabled(running);
    m_menus.exportTrace->setEnabled(!running && m_bench->last());
    m_menus.exportImage->setEnabled(!running && m_bench->last());
    timeline()->setRunning(running);
    if (running)
        m_clock->start();
    else
        m_clock->stop();
    updateStatus();
}

void MainWindow::updateStatus()
{
    if (m_opener->isOpening()) {
        m_status->setText(QStringLiteral("Opening %1… %2 % (Esc stops)")
                              .arg(QFileInfo(m_opener->path()).fileName())
                              .arg(m_opener->percent()));
        return;
    }
    const RunController *c = m_bench->controller();
    if (!c->isRunning())
        return;
    const QString run =
        currentWorkload().name + QLatin1Char(' ') + configLabel(c->options(), currentWorkload());
    const QString seconds = QString::number(double(c->elapsedMs()) / 1e3, 'f', 1);
    QString text = c->isCollecting()
                       ? QStringLiteral("Ran %1 in %2 s; collecting its trace…").arg(run, seconds)
                       : QStringLiteral("Running %1… %2 s").arg(run, seconds);
    if (c->batchSize() > 1)
        text += QStringLiteral(" · run %1 of %2 (Esc stops them all)")
                    .arg(c->batchStarted())
                    .arg(c->batchSize());
    m_status->setText(text);
}

void MainWindow::onProgressed()
{
    const Trace &live = m_bench->controller()->live();
    timeline()->append(live, Pid(QCoreApplication::applicationPid()));
    m_output->append(live);
    terminal()->append(live);
}

void MainWindow::showRun(const std::shared_ptr<const RunResult> &result)
{
    m_bench->show(result);
    // The final trace replaces the live one: every timestamp converted with one mapping.
    const auto marked = timeline()->markedMoment();
    const bool follow = timeline()->following();
    timeline()->clear();
    timeline()->showTrace(traceOf(result), result->pid);
    if (!follow && marked)
        timeline()->markMoment(*marked, TrackId());
    m_output->clear();
    m_output->append(result->trace);
    terminal()->setBuffering(bufferingText(result->options.buffering));
    terminal()->showFinished(result->trace, result->stdoutBytes);
    if (result->foreign()) {
        // What is shown is not a run of the workload above: the lesson line says so.
        m_controls->setLessonText(
            QStringLiteral("<b>Trace:</b> %1 <span style='color:gray'>(opened from a file; run "
                           "a mode to go back to the workload above)</span>")
                .arg(runHeadline(*result).toHtmlEscaped()));
        results()->setLesson(
            Lesson{describeTrace(*result) +
                   QStringLiteral(" A row shows its thread's innermost call at each moment.")});
    } else {
        results()->setLesson(m_bench->lessonOf(*result));
    }
    showComparison();
}

void MainWindow::togglePin()
{
    m_bench->togglePin();
    const auto pinned = m_bench->pinned();
    m_menus.pin->setChecked(pinned != nullptr);
    m_pane->showReference(pinned, pinned ? m_bench->titleOf(*pinned) : QString());
    if (pinned)
        m_panes->showResult(compare());
    showComparison();
}

// With a reference pinned: both timelines on the scale of the longer run, and the table.
void MainWindow::showComparison()
{
    const auto pinned = m_bench->pinned();
    const auto last = m_bench->last();
    if (!pinned) {
        compare()->setRuns(nullptr, {}, nullptr, {});
        m_pane->showReference(nullptr, {});
        return;
    }
    compare()->setRuns(pinned.get(), configLabel(*pinned), last.get(),
                       last ? configLabel(*last) : QString());
    m_pane->compare(last ? m_bench->titleOf(*last) : QString(),
                    std::max(pinned->wallNs, last ? last->wallNs : 0));
}

void MainWindow::onFinished(const std::shared_ptr<const RunResult> &result)
{
    showRun(result);
    setRunning(false);
    refreshResults();
    if (!result->error.isEmpty()) {
        m_status->setText(QStringLiteral("Failed: %1").arg(result->error));
        showError(QStringLiteral("The run failed"), result->error);
    } else if (result->cancelled) {
        m_status->setText(
            QStringLiteral("Stopped %1 %2 after %3; what ran until then is shown.")
                .arg(result->workload, modeName(result->mode()), wallText(result->wallNs)));
    } else {
        // The results' summary gives the speedups, so the run is named without its own.
        m_status->setText(QStringLiteral("Finished: %1.  %2")
                              .arg(interleave::runTitle(*result), results()->summary()));
    }
    Q_EMIT runFinished(result);
}

void MainWindow::refreshResults()
{
    const RunOptions now = currentOptions(m_bench->sweepMode());
    const Workload &w = currentWorkload();
    results()->setResults(w.name, m_bench->resultBars(now), w.idealMs);
    int calls = 0;
    auto points = m_bench->sweepPoints(now, &calls);
    sweep()->setSweep(QStringLiteral("%1 · %2").arg(w.name, modeName(m_bench->sweepMode())),
                      std::move(points), workers(), calls);
}

// Moving the slider over a swept count shows that count's run at once, without running it.
void MainWindow::onWorkersMoved(int count)
{
    if (isRunning())
        return;
    if (const auto run = m_bench->sweptRun(currentOptions(m_bench->sweepMode()), count)) {
        showRun(run);
        setRunning(false);
        m_status->setText(QStringLiteral("Showing the run with %1 workers from the sweep: %2")
                              .arg(count)
                              .arg(titleLine()));
    }
    refreshResults();
}

// Letting go of the slider on a count the sweep has not run runs it.
void MainWindow::onWorkersReleased()
{
    if (isRunning())
        return;
    const auto family = m_bench->sweepFamily(currentOptions(m_bench->sweepMode()));
    const bool swept = std::any_of(family.begin(), family.end(), [this](const ResultEntry *e) {
        return e->spec.options.workers == workers();
    });
    if (family.size() >= 2 && !swept)
        startRun(m_bench->sweepMode());
}

QString MainWindow::titleLine() const
{
    const auto last = m_bench->last();
    return last ? m_bench->titleOf(*last) : currentWorkload().name;
}

QString MainWindow::exportTimelineImage(const QString &path, const ExportOptions &options)
{
    return exportTimeline(*timeline(), titleLine(), path, options);
}

QString MainWindow::exportTrace(const QString &path)
{
    if (!m_bench->last())
        return QStringLiteral("nothing to export yet: run a workload first");
    return writeChromeTrace(*m_bench->last(), path);
}

void MainWindow::setLibrary(std::unique_ptr<RunLibrary> library)
{
    m_bench->setLibrary(std::move(library));
    history()->setLibrary(m_bench->library());
    refreshResults();
}

bool MainWindow::reopenRun(qint64 id, QString *error)
{
    if (m_bench->isRunning()) {
        *error = QStringLiteral("a run is going: stop it first (Esc)");
        return false;
    }
    const auto run = m_bench->loadRun(id, error);
    if (!run)
        return false;
    showRun(run);
    setRunning(false);
    m_status->setText(
        QStringLiteral("Reopened run %1, not run again: %2").arg(id).arg(titleLine()));
    return true;
}

bool MainWindow::compareRuns(qint64 reference, qint64 run, QString *error)
{
    if (!reopenRun(reference, error))
        return false;
    if (m_bench->pinned())
        togglePin(); // lets go of the old reference
    togglePin();
    return reopenRun(run, error);
}

void MainWindow::runAgain()
{
    if (m_bench->isRunning())
        return;
    QString error;
    if (!reloadWorkload(&error)) {
        showError(QStringLiteral("Cannot read the workload again"), error);
        return;
    }
    runButton(m_runningMode)->click();
}

bool MainWindow::openTrace(const QString &path, QString *error)
{
    if (isRunning()) {
        *error = QStringLiteral("a run is going: stop it first (Esc)");
        return false;
    }
    m_opener->start(path);
    setRunning(true);
    return true;
}

void MainWindow::onTraceOpened(const std::shared_ptr<const RunResult> &run)
{
    // An export of Interleave's names its workload: the window shows it, as for a kept run.
    if (const int known = m_bench->indexOf(run->workload); run->source->madeHere && known >= 0)
        m_bench->setCurrent(known);
    showRun(run);
    setRunning(false);
    m_status->setText(QStringLiteral("Opened %1").arg(describeTrace(*run)));
}

void MainWindow::onTraceFailed(const QString &error)
{
    setRunning(false);
    const bool stopped = error.endsWith(QLatin1String("was stopped"));
    m_status->setText(stopped ? error.left(1).toUpper() + error.mid(1) + QLatin1Char('.')
                              : QStringLiteral("Cannot open the trace: ") + error);
    if (!stopped)
        showError(QStringLiteral("Cannot open the trace"), error);
}

void MainWindow::historySizeDialog()
{
    RunLibrary *library = m_bench->library();
    if (library == nullptr) {
        showError(QStringLiteral("No run library"),
                  QStringLiteral("This window keeps no runs (--no-history)."));
        return;
    }
    const auto mib = askHistorySizeLimit(this, *library);
    if (!mib)
        return;
    library->setSizeLimit(qint64(*mib) << 20);
    RunLibrary::saveSizeLimit(qint64(*mib) << 20);
    m_status->setText(QStringLiteral("History keeps at most %1 MiB of runs.").arg(*mib));
}

void MainWindow::openTraceDialog()
{
    const QString path = askOpenPath(this, QStringLiteral("Open trace"),
                                     QStringLiteral("Trace (*.json);;All files (*)"),
                                     QStringLiteral("trace/folder"));
    QString error;
    if (!path.isEmpty() && !openTrace(path, &error))
        showError(QStringLiteral("Cannot open the trace"), error);
}

void MainWindow::openWorkloadDialog()
{
    const QString path = askOpenPath(this, QStringLiteral("Open workload"),
                                     QStringLiteral("Workload (*.json);;All files (*)"),
                                     QStringLiteral("workload/folder"));
    QString error;
    if (!path.isEmpty() && !selectWorkload(path, &error))
        showError(QStringLiteral("Cannot open the workload"), error);
}

void MainWindow::exportImageDialog()
{
    if (!m_bench->last())
        return;
    ExportOptions options;
    const QString path =
        askImagePath(this, fileBase(*m_bench->last()), timeline()->size(), &options);
    if (path.isEmpty())
        return;
    if (const QString error = exportTimelineImage(path, options); !error.isEmpty())
        showError(QStringLiteral("Export failed"), error);
    else
        m_status->setText(QStringLiteral("Timeline written to %1").arg(path));
}

void MainWindow::exportTraceDialog()
{
    if (!m_bench->last())
        return;
    const QString path = askTracePath(this, fileBase(*m_bench->last()));
    if (path.isEmpty())
        return;
    if (const QString error = exportTrace(path); !error.isEmpty())
        showError(QStringLiteral("Export failed"), error);
    else
        m_status->setText(
            QStringLiteral("Trace written to %1: open it at ui.perfetto.dev").arg(path));
}

void MainWindow::showError(const QString &title, const QString &message)
{
    if (!isVisible())
        return; // headless (screenshots, tests): the status bar and the caller report it
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::applySettings()
{
    const WindowSettings s = WindowSettings::load();
    restoreGeometry(s.geometry);
    m_menus.keepRuns->setChecked(s.keepRuns);
    m_vertical->restoreState(s.vertical);
    m_panes->restoreState(s.horizontal);
    if (s.workers)
        setWorkers(*s.workers);
    QString ignored;
    if (!s.workload.isEmpty())
        selectWorkload(s.workload, &ignored);
    m_runningMode = s.mode;
    setGil(s.gil, s.switchIntervalMs);
    if (s.buffering)
        setBuffering(*s.buffering);
}

void MainWindow::saveSettings() const
{
    WindowSettings s;
    s.geometry = saveGeometry();
    s.vertical = m_vertical->saveState();
    s.horizontal = m_panes->saveState();
    s.workers = workers();
    // A workload from a file is remembered by its path, a built-in by its name.
    s.workload = m_bench->currentPath().isEmpty() ? currentWorkload().name : m_bench->currentPath();
    s.mode = m_runningMode;
    s.gil = m_controls->gil();
    s.switchIntervalMs = m_controls->switchIntervalMs();
    s.buffering = buffering();
    s.save();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_bench->controller()->stop();
    if (m_useSettings)
        saveSettings();
    event->accept();
}

} // namespace interleave::ui
