#include "mainwindow.h"

#include "budget.h"
#include "compareview.h"
#include "sweepview.h"

#include "buildinfo.h"
#include "catalog.h"
#include "chrometrace.h"
#include "consoleview.h"
#include "elidingcombobox.h"
#include "exporter.h"
#include "historyview.h"
#include "lessons.h"
#include "openfile.h"
#include "outputmodel.h"
#include "runcontroller.h"
#include "runjson.h"
#include "storedrun.h"
#include "style.h"
#include "terminalview.h"
#include "text.h"
#include "timelineview.h"
#include "traceopen.h"
#include "traceopener.h"
#include "workerslider.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace interleave::ui {

namespace {

// The legend strip above the timeline.
class LegendStrip : public QWidget
{
public:
    using QWidget::QWidget;
    QSize sizeHint() const override
    {
        return legendSize(std::max(400, width()), font()).toSize() + QSize(0, 8);
    }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override
    {
        return int(legendSize(w - 16, font()).height()) + 8;
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        paintLegend(p, QRectF(8, 4, width() - 16, height() - 8), palette());
    }
    void resizeEvent(QResizeEvent *) override { updateGeometry(); }
};

// The run's threads and processes yield to the window: with every core busy the window still
// redraws and answers clicks (measured with 64 busy threads on 2 cores: gaps between UI timer ticks
// of 90-100 ms at the 90th percentile at equal priority, 20-22 ms at nice 10).
constexpr int kWorkNice = 10;

QString modeHelp(Mode mode)
{
    switch (mode) {
    case Mode::Sequential:
        return QStringLiteral("Run every call one after another on the main thread");
    case Mode::Threads:
        return QStringLiteral("Run each call on a thread of its own, like threading.Thread");
    case Mode::Pool:
        return QStringLiteral(
            "Run the calls on a pool of worker threads taking them from one queue, "
            "like ThreadPoolExecutor(max_workers=N)");
    case Mode::Processes:
        return QStringLiteral(
            "Run the calls in worker processes, each with its own PID and memory, "
            "like multiprocessing");
    }
    return {};
}

} // namespace

MainWindow::MainWindow(bool useSettings, QWidget *parent)
    : QMainWindow(parent), m_useSettings(useSettings)
{
    setWindowTitle(QStringLiteral("Interleave"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/interleave.svg")));
    m_controller = new RunController(this);
    m_output = new OutputModel(this);

    m_timeline = new TimelineView(this);
    m_timeline->setMinimumHeight(220);
    m_console = new ConsoleView(m_output, this);
    m_terminal = new TerminalView(this);
    m_terminal->setToolTip(QStringLiteral(
        "stdout as a terminal gets it: each write in the colour of the thread that made it, "
        "torn lines shaded. Hover a fragment to see who wrote it; click it to mark the moment "
        "on the timeline."));
    m_results = new ResultsView(this);
    m_sweep = new SweepView(this);
    m_history = new HistoryView(this);
    connect(m_history, &HistoryView::openRequested, this, [this](qint64 id) {
        QString error;
        if (!reopenRun(id, &error))
            showError(QStringLiteral("Cannot reopen the run"), error);
    });
    connect(m_history, &HistoryView::compareRequested, this, [this](qint64 a, qint64 b) {
        QString error;
        if (!compareRuns(a, b, &error))
            showError(QStringLiteral("Cannot compare the runs"), error);
    });
    m_compare = new CompareView(this);

    auto *timelineBox = new QWidget(this);
    auto *timelineLayout = new QVBoxLayout(timelineBox);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->setSpacing(2);
    timelineLayout->addWidget(new LegendStrip(timelineBox));
    // A pinned reference run, above the current one on the same time axis.
    m_referenceTitle = new QLabel(timelineBox);
    m_referenceTitle->setVisible(false);
    m_reference = new TimelineView(timelineBox);
    m_reference->setMinimumHeight(120);
    m_reference->setVisible(false);
    timelineLayout->addWidget(m_referenceTitle);
    timelineLayout->addWidget(m_reference, 1);
    m_currentTitle = new QLabel(timelineBox);
    m_currentTitle->setVisible(false);
    timelineLayout->addWidget(m_currentTitle);
    timelineLayout->addWidget(m_timeline, 1);
    // One time axis for both: zooming or panning either moves the other.
    const auto follow = [this](TimelineView *from, TimelineView *to) {
        connect(from->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), to,
                [this, to](const QCPRange &range) {
                    if (m_syncing || !m_pinned)
                        return;
                    m_syncing = true;
                    to->xAxis->setRange(range);
                    to->replot(QCustomPlot::rpQueuedReplot);
                    m_syncing = false;
                });
    };
    follow(m_timeline, m_reference);
    follow(m_reference, m_timeline);

    const auto boxed = [this](const QString &title, QWidget *content) {
        auto *box = new QGroupBox(title, this);
        auto *l = new QVBoxLayout(box);
        l->setContentsMargins(6, 6, 6, 6);
        l->addWidget(content);
        return box;
    };
    m_horizontal = new QSplitter(Qt::Horizontal, this);
    struct Tab
    {
        QWidget *page;
        QString title;
        QString tip;
    };
    const auto tabs = [this](std::initializer_list<Tab> pages) {
        auto *w = new QTabWidget(this);
        w->setDocumentMode(true);
        for (const Tab &t : pages)
            w->setTabToolTip(w->addTab(t.page, t.title), t.tip);
        return w;
    };
    // The stream as a terminal gets it (torn lines and all), or line by line with its thread.
    auto *output =
        tabs({{m_terminal, QStringLiteral("&Terminal"),
               QStringLiteral("The bytes in the order they arrived, as a terminal shows them")},
              {m_console, QStringLiteral("&Lines"),
               QStringLiteral("One line per line of output, tagged with its time and thread")}});
    m_horizontal->addWidget(boxed(QStringLiteral("Output, in the order it happened"), output));
    // Bars per configuration, or a sweep over worker counts.
    m_resultTabs = tabs(
        {{m_results, QStringLiteral("&Modes"),
          QStringLiteral("Wall time per configuration: the median of its runs, with their range")},
         {m_sweep, QStringLiteral("S&weep"),
          QStringLiteral("Wall time and speedup against workers, with Amdahl's law fitted")},
         {m_compare, QStringLiteral("&Compare"),
          QStringLiteral("The pinned reference run against this one, state by state")},
         {m_history, QStringLiteral("&History"),
          QStringLiteral("Every run kept in the run library: reopen, compare, delete")}});
    m_horizontal->addWidget(boxed(QStringLiteral("Results"), m_resultTabs));
    m_horizontal->setStretchFactor(0, 3);
    m_horizontal->setStretchFactor(1, 2);
    m_vertical = new QSplitter(Qt::Vertical, this);
    m_vertical->addWidget(timelineBox);
    m_vertical->addWidget(m_horizontal);
    m_vertical->setStretchFactor(0, 3);
    m_vertical->setStretchFactor(1, 2);
    m_vertical->setChildrenCollapsible(false);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 6, 8, 4);
    buildControls();
    layout->addWidget(m_workload->parentWidget());
    auto *lessonRow = new QHBoxLayout;
    lessonRow->addWidget(m_lesson, 1);
    lessonRow->addLayout(m_optionsRow);
    // What shapes how the run behaves, beside the lesson: the GIL and stdout's buffering.
    lessonRow->addSpacing(12);
    lessonRow->addWidget(m_gil);
    lessonRow->addWidget(m_switchInterval);
    lessonRow->addSpacing(12);
    lessonRow->addWidget(m_stdoutLabel);
    lessonRow->addWidget(m_stdout);
    layout->addLayout(lessonRow);
    layout->addWidget(m_vertical, 1);
    setCentralWidget(central);

    m_status = new QLabel(this);
    // A long status must not widen the window past a small screen: it is cut at the edge.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    statusBar()->addWidget(m_status, 1);
    m_clock = new QTimer(this);
    m_clock->setInterval(100);
    connect(m_clock, &QTimer::timeout, this, &MainWindow::updateStatus);

    buildMenus();
    connect(m_controller, &RunController::started, this, &MainWindow::onStarted);
    connect(m_controller, &RunController::progressed, this, &MainWindow::onProgressed);
    // Nothing is drawn between the two: the live spans go, the final ones come.
    connect(m_controller, &RunController::finishing, m_timeline, &TimelineView::dropSpans);
    connect(m_controller, &RunController::finished, this, &MainWindow::onFinished);
    m_opener = new TraceOpener(this);
    connect(m_opener, &TraceOpener::opened, this, &MainWindow::onTraceOpened);
    connect(m_opener, &TraceOpener::failed, this, [this](const QString &, const QString &error) {
        setRunning(false);
        m_status->setText(error.endsWith(QLatin1String("was stopped"))
                              ? error.left(1).toUpper() + error.mid(1) + QLatin1Char('.')
                              : QStringLiteral("Cannot open the trace: ") + error);
        if (!error.endsWith(QLatin1String("was stopped")))
            showError(QStringLiteral("Cannot open the trace"), error);
    });
    connect(m_console, &ConsoleView::lineActivated, m_timeline,
            [this](qint64 ns, TrackId track) { m_timeline->markMoment(ns, track); });
    connect(m_terminal, &TerminalView::momentActivated, m_timeline,
            [this](qint64 ns, TrackId track) { m_timeline->markMoment(ns, track); });
    // And back: a tick clicked on the timeline selects what was written there.
    connect(m_timeline, &TimelineView::tickClicked, this, [this](qint64 ns, TrackId track) {
        m_terminal->selectWrite(ns, track);
        m_console->selectMoment(ns, track);
    });
    connect(m_results, &ResultsView::runSequentialRequested, this,
            [this] { startRun(Mode::Sequential); });

    for (const Workload &w : builtinWorkloads())
        addWorkload(w, {});
    resize(1280, 800);
    m_vertical->setSizes({460, 300});
    m_horizontal->setSizes({720, 520});
    if (m_useSettings)
        restoreSettings();
    if (m_workload->currentIndex() < 0)
        m_workload->setCurrentIndex(0);
    onWorkloadChanged(m_workload->currentIndex());
    setRunning(false);
    m_status->setText(QStringLiteral("Pick a workload, then run it in a mode (Ctrl+1 … Ctrl+4)."));
}

MainWindow::~MainWindow() = default;

void MainWindow::buildControls()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);

    m_workload = new ElidingComboBox(bar);
    m_workload->setMinimumContentsLength(12);
    m_workload->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_workload->setToolTip(QStringLiteral("What to run; each workload teaches one lesson"));
    connect(m_workload, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &MainWindow::onWorkloadChanged);
    auto *workloadLabel = new QLabel(QStringLiteral("&Workload"), bar);
    workloadLabel->setBuddy(m_workload);
    row->addWidget(workloadLabel);
    row->addWidget(m_workload, 1); // wider when there is room: fewer names cut short
    row->addSpacing(4);

    int key = 1;
    for (Mode mode : allModes()) {
        auto *button = new QPushButton(QStringLiteral("Run %1").arg(modeName(mode)), bar);
        button->setToolTip(QStringLiteral("%1 (Ctrl+%2)").arg(modeHelp(mode)).arg(key++));
        connect(button, &QPushButton::clicked, this, [this, mode] {
            QString error;
            if (!startRun(mode, &error) && !error.isEmpty())
                showError(QStringLiteral("Cannot run"), error);
        });
        m_runButtons[mode] = button;
        row->addWidget(button);
    }
    m_stop = new QPushButton(QStringLiteral("Stop"), bar);
    m_stop->setToolTip(
        QStringLiteral("Stop the run; what happened so far stays on the timeline (Esc)"));
    connect(m_stop, &QPushButton::clicked, this, &MainWindow::stopRun);
    row->addWidget(m_stop);
    m_repeat = new QSpinBox(bar);
    m_repeat->setRange(1, kMaxRepeats);
    m_repeat->setPrefix(QStringLiteral("×"));
    m_repeat->setToolTip(QStringLiteral(
        "Run each configuration this many times: the results show the median and the range, "
        "and say so when the runs disagree"));
    row->addWidget(m_repeat);
    m_sweepButton = new QPushButton(QStringLiteral("Sweep"), bar);
    m_sweepButton->setToolTip(
        QStringLiteral("Run pool (or processes, if it ran last) at every worker count from 1 to "
                       "the slider's value, and draw wall time and speedup against workers "
                       "(Ctrl+W)"));
    connect(m_sweepButton, &QPushButton::clicked, this, [this] {
        QString error;
        if (!startSweep(&error) && !error.isEmpty())
            showError(QStringLiteral("Cannot sweep"), error);
        else
            m_resultTabs->setCurrentWidget(m_sweep);
    });
    row->addWidget(m_sweepButton);
    row->addSpacing(6);
    // The style makes every text button at least 80 px wide; on a 1024 px screen the row
    // needs them only as wide as their words.
    for (QPushButton *button : bar->findChildren<QPushButton *>())
        button->setMinimumWidth(button->fontMetrics().horizontalAdvance(button->text()) + 16);

    const int cores = std::max(1, QThread::idealThreadCount());
    m_workersSlider = new WorkerSlider(cores, bar);
    // The slider covers the useful range; the box beside it goes as far as any run may.
    m_workersSlider->setRange(kMinWorkers, std::min(64, kMaxWorkers));
    m_workersSlider->setToolTip(
        QStringLiteral("Workers for pool and processes; this machine has %1 cores").arg(cores));
    m_workersSpin = new QSpinBox(bar);
    m_workersSpin->setRange(kMinWorkers, kMaxWorkers);
    m_workersSpin->setToolTip(m_workersSlider->toolTip());
    connect(m_workersSlider, &QSlider::valueChanged, m_workersSpin, &QSpinBox::setValue);
    // The slider stops at 64; a larger count typed in the box must not be pulled back to it.
    connect(m_workersSpin, qOverload<int>(&QSpinBox::valueChanged), m_workersSlider,
            [this](int value) {
                const QSignalBlocker quiet(m_workersSlider);
                m_workersSlider->setValue(value);
            });
    connect(m_workersSpin, qOverload<int>(&QSpinBox::valueChanged), this,
            &MainWindow::onWorkersMoved);
    connect(m_workersSlider, &QSlider::sliderReleased, this, &MainWindow::onWorkersReleased);
    auto *workersLabel = new QLabel(QStringLiteral("W&orkers"), bar);
    workersLabel->setBuddy(m_workersSpin);
    row->addWidget(workersLabel);
    row->addWidget(m_workersSlider, 1);
    row->addWidget(m_workersSpin);
    setWorkers(cores);
    row->addSpacing(4);

    m_gil = new QCheckBox(QStringLiteral("Python &GIL"), this);
    m_gil->setToolTip(
        QStringLiteral("Emulate CPython's global interpreter lock for threads and pool: only the "
                       "thread holding it computes. Each process has its own, so processes are "
                       "unaffected."));
    m_switchInterval = new QDoubleSpinBox(this);
    m_switchInterval->setRange(kMinSwitchIntervalMs, kMaxSwitchIntervalMs);
    m_switchInterval->setDecimals(1);
    m_switchInterval->setSingleStep(0.5);
    m_switchInterval->setValue(5.0);
    m_switchInterval->setSuffix(QStringLiteral(" ms"));
    m_switchInterval->setToolTip(
        QStringLiteral("Switch interval, as sys.setswitchinterval(): how long a thread "
                       "waits before asking the holder to hand the GIL over"));
    m_switchInterval->setEnabled(false);
    connect(m_gil, &QCheckBox::toggled, m_switchInterval, &QWidget::setEnabled);

    m_stdout = new QComboBox(this);
    const std::pair<lang::Buffering, const char *> kinds[] = {
        {lang::Buffering::Unbuffered,
         "Every piece of a print is its own write, as with python -u, PYTHONUNBUFFERED=1 (which "
         "IDEs such as PyCharm set) or a notebook: threads printing at once can tear a line"},
        {lang::Buffering::Line,
         "A write per finished line, as when stdout is a terminal: prints are never torn"},
        {lang::Buffering::Block,
         "A write per 8 KiB, as when stdout is a pipe or a file: prints tear only where a "
         "block fills"}};
    for (const auto &[kind, help] : kinds) {
        m_stdout->addItem(bufferingText(kind), QVariant::fromValue(int(kind)));
        m_stdout->setItemData(m_stdout->count() - 1, QLatin1String(help), Qt::ToolTipRole);
    }
    m_stdout->setToolTip(QStringLiteral("How each process's sys.stdout is buffered, which decides "
                                        "whether two threads' prints can tear a line"));
    // On the lesson's row, with the workload's options: how this run's output behaves.
    m_stdoutLabel = new QLabel(QStringLiteral("st&dout"), this);
    m_stdoutLabel->setBuddy(m_stdout);

    m_lesson = new QLabel(this);
    m_lesson->setWordWrap(true);
    m_lesson->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_optionsRow = new QHBoxLayout;
}

void MainWindow::showOptions(const Workload &w)
{
    for (QCheckBox *box : m_optionBoxes)
        delete box;
    m_optionBoxes.clear();
    for (const WorkloadOption &o : w.options) {
        auto *box = new QCheckBox(o.name, this);
        box->setChecked(o.defaultValue);
        box->setToolTip(QStringLiteral("%1 (the workload's option %2; on the command line: "
                                       "--set %2=true)")
                            .arg(o.help, o.name));
        m_optionsRow->addWidget(box);
        m_optionBoxes.push_back(box);
    }
}

lang::Buffering MainWindow::buffering() const
{
    return lang::Buffering(m_stdout->currentData().toInt());
}

void MainWindow::setBuffering(lang::Buffering buffering)
{
    m_stdout->setCurrentIndex(m_stdout->findData(int(buffering)));
}

QMap<QString, bool> MainWindow::settings() const
{
    QMap<QString, bool> values;
    for (const QCheckBox *box : m_optionBoxes)
        values.insert(box->text(), box->isChecked());
    return values;
}

void MainWindow::setOption(const QString &name, bool on)
{
    for (QCheckBox *box : m_optionBoxes) {
        if (box->text() == name)
            box->setChecked(on);
    }
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    m_openAction = file->addAction(QStringLiteral("&Open workload…"), QKeySequence::Open, this,
                                   &MainWindow::openWorkloadFile);
    m_openTraceAction = file->addAction(QStringLiteral("Open &trace…"),
                                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                                        &MainWindow::openTraceDialog);
    m_openTraceAction->setStatusTip(QStringLiteral(
        "A trace file into the timeline and console: an export or run --json of "
        "Interleave's, or Chrome Trace Event JSON from VizTracer, py-spy and others"));
    file->addSeparator();
    m_exportImageAction =
        file->addAction(QStringLiteral("Export timeline &image…"),
                        QKeySequence(Qt::CTRL | Qt::Key_E), this, &MainWindow::exportImageDialog);
    m_exportImageAction->setStatusTip(
        QStringLiteral("The timeline with its title and legend as PNG or JPEG (at 1×, 2× or a size "
                       "you give), SVG, or a PDF page of A4 or Letter"));
    m_exportTraceAction = file->addAction(QStringLiteral("Export &trace (Perfetto)…"),
                                          QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this,
                                          &MainWindow::exportTraceDialog);
    file->addSeparator();
    file->addAction(QStringLiteral("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *run = menuBar()->addMenu(QStringLiteral("&Run"));
    int key = Qt::Key_1;
    for (Mode mode : allModes()) {
        QAction *a = run->addAction(QStringLiteral("Run %1").arg(modeName(mode)),
                                    QKeySequence(Qt::CTRL | key++), this,
                                    [this, mode] { m_runButtons[mode]->click(); });
        a->setStatusTip(modeHelp(mode));
        m_runActions[mode] = a;
    }
    run->addSeparator();
    // The last mode run (remembered across sessions), once more.
    m_againAction = run->addAction(QStringLiteral("Run &again"), QKeySequence(Qt::Key_F5), this,
                                   &MainWindow::runAgain);
    m_againAction->setStatusTip(QStringLiteral(
        "Run the last mode again; a workload from a file is read again first, with your edits"));
    m_stopAction = run->addAction(QStringLiteral("&Stop"), QKeySequence(Qt::Key_Escape), this,
                                  &MainWindow::stopRun);
    m_sweepAction =
        run->addAction(QStringLiteral("S&weep workers"), QKeySequence(Qt::CTRL | Qt::Key_W),
                       m_sweepButton, &QPushButton::click);
    m_sweepAction->setStatusTip(m_sweepButton->toolTip());
    m_pinAction = run->addAction(QStringLiteral("&Pin as reference"),
                                 QKeySequence(Qt::CTRL | Qt::Key_P), this, &MainWindow::togglePin);
    m_pinAction->setCheckable(true);
    m_pinAction->setStatusTip(QStringLiteral(
        "Keep the shown run above the timeline: the runs after it are drawn under it on one "
        "time axis and compared state by state (Results ▸ Compare)"));
    run->addSeparator();
    m_keepAction = run->addAction(QStringLiteral("&Keep runs in History"));
    m_keepAction->setCheckable(true);
    m_keepAction->setChecked(true);
    m_keepAction->setStatusTip(QStringLiteral(
        "Keep every finished or stopped run in the run library, to reopen and compare later "
        "(Results ▸ History); off, runs are forgotten when the window closes"));
    connect(m_keepAction, &QAction::toggled, this, [this](bool on) {
        if (m_useSettings)
            QSettings().setValue(QStringLiteral("history/keep"), on);
        prepareToKeep();
    });
    QAction *sizeLimit = run->addAction(QStringLiteral("History &size limit…"), this,
                                        &MainWindow::askHistorySizeLimit);
    sizeLimit->setStatusTip(QStringLiteral(
        "How much the run library may keep; past it, the oldest runs go as new ones are kept"));
    m_noLimitsAction = run->addAction(QStringLiteral("Lift the run's &limits"));
    m_noLimitsAction->setCheckable(true);
    m_noLimitsAction->setStatusTip(
        QStringLiteral("Let a run wait more than 10 minutes, record more than 50,000,000 events "
                       "or print more than 256 MiB, and a thread record more than 2,000,000 (as "
                       "--no-limits does)"));

    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    view->addAction(QStringLiteral("&Fit timeline"), QKeySequence(Qt::CTRL | Qt::Key_0), m_timeline,
                    &TimelineView::fitAll);

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(QStringLiteral("&About Interleave"), this, &MainWindow::showAbout);
}

namespace {

QString workloadLabel(const Workload &w, const QString &path)
{
    QString label = w.title.isEmpty() ? w.name : QStringLiteral("%1 — %2").arg(w.name, w.title);
    if (!path.isEmpty())
        label += QStringLiteral("  [%1]").arg(QFileInfo(path).fileName());
    return label;
}

} // namespace

void MainWindow::addWorkload(Workload workload, const QString &path)
{
    m_workload->addItem(workloadLabel(workload, path));
    m_workload->setItemData(m_workload->count() - 1, path.isEmpty() ? workload.lesson : path,
                            Qt::ToolTipRole);
    m_workloads.push_back(std::move(workload));
    m_workloadPaths.push_back(path);
}

QString MainWindow::uniqueName(const QString &name, const QString &path) const
{
    const auto taken = [&](const QString &candidate) {
        for (std::size_t i = 0; i < m_workloads.size(); ++i) {
            if (m_workloads[i].name == candidate && m_workloadPaths[i] != path)
                return true;
        }
        return false;
    };
    // Results are kept by name: a file's "square-cube" must not join the built-in's bars.
    QString unique = name;
    for (int n = 1; taken(unique); ++n)
        unique = n == 1
                     ? QStringLiteral("%1 (%2)").arg(name, QFileInfo(path).fileName())
                     : QStringLiteral("%1 (%2, %3)").arg(name, QFileInfo(path).fileName()).arg(n);
    return unique;
}

bool MainWindow::selectWorkload(const QString &nameOrPath, QString *error)
{
    if (!isWorkloadFile(nameOrPath)) {
        for (std::size_t i = 0; i < m_workloads.size(); ++i) {
            if (m_workloadPaths[i].isEmpty() && m_workloads[i].name == nameOrPath) {
                m_workload->setCurrentIndex(int(i));
                return true;
            }
        }
        *error = openWorkload(nameOrPath).error;
        return false;
    }
    const QFileInfo file(nameOrPath);
    const QString path = file.exists() ? file.canonicalFilePath() : file.absoluteFilePath();
    const auto known = std::find(m_workloadPaths.begin(), m_workloadPaths.end(), path);
    if (known != m_workloadPaths.end()) {
        // Opened before: the same entry, read afresh.
        const auto index = std::size_t(known - m_workloadPaths.begin());
        m_workload->setCurrentIndex(int(index));
        return reloadWorkload(index, error);
    }
    WorkloadParse parsed = interleave::openWorkloadFile(path);
    if (!parsed.workload) {
        *error = parsed.error;
        return false;
    }
    parsed.workload->name = uniqueName(parsed.workload->name, path);
    addWorkload(std::move(*parsed.workload), path);
    m_workload->setCurrentIndex(m_workload->count() - 1);
    return true;
}

bool MainWindow::reloadWorkload(QString *error)
{
    return reloadWorkload(std::size_t(std::max(0, m_workload->currentIndex())), error);
}

bool MainWindow::reloadWorkload(std::size_t index, QString *error)
{
    const QString path = m_workloadPaths.at(index);
    if (path.isEmpty())
        return true; // a built-in does not change
    WorkloadParse parsed = interleave::openWorkloadFile(path);
    if (!parsed.workload) {
        *error = parsed.error;
        return false;
    }
    parsed.workload->name = uniqueName(parsed.workload->name, path);
    m_workload->setItemText(int(index), workloadLabel(*parsed.workload, path));
    m_workloads[index] = std::move(*parsed.workload);
    if (int(index) == m_workload->currentIndex())
        onWorkloadChanged(int(index)); // its lesson and options as the file now says
    return true;
}

int MainWindow::indexOfWorkload(const QString &name) const
{
    const auto it = std::find_if(m_workloads.begin(), m_workloads.end(),
                                 [&](const Workload &w) { return w.name == name; });
    return it == m_workloads.end() ? -1 : int(it - m_workloads.begin());
}

const Workload &MainWindow::currentWorkload() const
{
    return m_workloads.at(std::size_t(std::max(0, m_workload->currentIndex())));
}

void MainWindow::showLessonOf(const Workload &w)
{
    QString text = QStringLiteral("<b>Lesson:</b> ") + w.lesson.toHtmlEscaped();
    if (!w.source.isEmpty())
        text +=
            QStringLiteral(" <span style='color:gray'>(%1)</span>").arg(w.source.toHtmlEscaped());
    m_lesson->setText(text);
}

void MainWindow::onWorkloadChanged(int index)
{
    if (index < 0 || std::size_t(index) >= m_workloads.size())
        return;
    const Workload &w = m_workloads[std::size_t(index)];
    showLessonOf(w);
    showOptions(w);
    // The previous workload's run does not stay under the new lesson.
    if (!m_controller->isRunning() && m_last && m_last->workload != w.name) {
        m_last.reset();
        m_timeline->clear();
        m_output->clear();
        m_terminal->clear();
        showComparison();
        setRunning(false);
        // Nor does its "Finished: …" line.
        m_status->setText(QStringLiteral("%1: run it in a mode (Ctrl+1 … Ctrl+4).")
                              .arg(w.title.isEmpty() ? w.name : w.title));
    }
    refreshResults();
    m_results->setLesson({});
}

void MainWindow::setGil(bool on, double switchIntervalMs)
{
    m_gil->setChecked(on);
    m_switchInterval->setValue(switchIntervalMs);
}

void MainWindow::setWorkers(int workers)
{
    m_workersSpin->setValue(std::clamp(workers, kMinWorkers, kMaxWorkers));
}

int MainWindow::workers() const
{
    return m_workersSpin->value();
}

QSlider *MainWindow::workerSlider() const
{
    return m_workersSlider;
}

QPushButton *MainWindow::runButton(Mode mode) const
{
    return m_runButtons.at(mode);
}

bool MainWindow::isRunning() const
{
    return m_controller->isRunning() || m_opener->isOpening();
}

RunOptions MainWindow::currentOptions(Mode mode) const
{
    RunOptions options;
    options.mode = mode;
    options.workers = workers();
    options.nice = kWorkNice;
    options.gil = m_gil->isChecked();
    options.switchIntervalMs = m_switchInterval->value();
    options.settings = settings();
    options.buffering = buffering();
    options.limited = !m_noLimitsAction->isChecked();
    return options;
}

bool MainWindow::startRun(Mode mode, QString *error)
{
    const RunOptions options = currentOptions(mode);
    return startBatch(std::vector<RunOptions>(std::size_t(m_repeat->value()), options), error);
}

bool MainWindow::startSweep(QString *error)
{
    m_sweepMode = sweepMode();
    if (workers() > kMaxSweepPoints) {
        if (error != nullptr)
            *error = QStringLiteral("A sweep runs every worker count from 1 to the slider's, at "
                                    "most %1 counts: set the workers to %1 or fewer.")
                         .arg(kMaxSweepPoints);
        return false;
    }
    std::vector<RunOptions> batch;
    for (int w = 1; w <= std::max(2, workers()); ++w) {
        RunOptions options = currentOptions(m_sweepMode);
        options.workers = w;
        for (int k = 0; k < m_repeat->value(); ++k)
            batch.push_back(options);
    }
    return startBatch(std::move(batch), error);
}

bool MainWindow::startBatch(std::vector<RunOptions> batch, QString *error)
{
    const Workload &w = currentWorkload();
    switch (askToLiftLimits(w, batch.front())) {
    case BudgetAnswer::Declined:
        m_status->setText(QStringLiteral("Not run: it is past the run's limits."));
        return false;
    case BudgetAnswer::Lifted:
        for (RunOptions &o : batch)
            o.limited = false;
        break;
    case BudgetAnswer::NotAsked:
        break;
    }
    QString problem;
    if (!m_controller->startBatch(w, std::move(batch), &problem)) {
        if (error != nullptr)
            *error = problem;
        m_status->setText(QStringLiteral("Cannot run: %1").arg(problem));
        return false;
    }
    return true;
}

void MainWindow::onStarted(const RunOptions &options)
{
    QToolTip::hideText();            // a tooltip about the last run does not outlive it
    showLessonOf(currentWorkload()); // instead of an opened trace's
    m_runningMode = options.mode;
    m_output->clear();
    m_terminal->clear();
    m_terminal->setBuffering(bufferingText(options.buffering));
    m_timeline->clear();
    setRunning(true);
}

// A run past its budget (budget.h) is offered once more with the limits lifted, as a person
// who means it would want. Headless, it is not asked: the run is refused with the estimate.
MainWindow::BudgetAnswer MainWindow::askToLiftLimits(const Workload &workload,
                                                     const RunOptions &options)
{
    if (!isVisible() || !checkOptions(options, workload).isEmpty())
        return BudgetAnswer::NotAsked;
    const QString past = checkBudget(options, workload);
    if (past.isEmpty())
        return BudgetAnswer::NotAsked;
    QMessageBox ask(QMessageBox::Question, QStringLiteral("Past the run's limits"),
                    QStringLiteral("This run is past the limits a run has."), QMessageBox::NoButton,
                    this);
    ask.setInformativeText(past.left(past.lastIndexOf(QLatin1String(": the limit"))) +
                           QStringLiteral(".\n\nRun it anyway? Stop (Esc) ends it at any time."));
    QPushButton *runAnyway = ask.addButton(QStringLiteral("Run anyway"), QMessageBox::AcceptRole);
    ask.addButton(QMessageBox::Cancel);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    return ask.clickedButton() == runAnyway ? BudgetAnswer::Lifted : BudgetAnswer::Declined;
}

void MainWindow::stopRun()
{
    m_controller->stop();
    m_opener->stop();
}

void MainWindow::setRunning(bool running)
{
    for (auto &[mode, button] : m_runButtons)
        button->setEnabled(!running);
    for (auto &[mode, action] : m_runActions)
        action->setEnabled(!running);
    m_againAction->setEnabled(!running);
    m_workload->setEnabled(!running);
    m_openAction->setEnabled(!running);
    m_openTraceAction->setEnabled(!running);
    m_workersSlider->setEnabled(!running);
    m_sweepButton->setEnabled(!running);
    m_sweepAction->setEnabled(!running);
    m_pinAction->setEnabled(m_last != nullptr || m_pinned != nullptr);
    m_repeat->setEnabled(!running);
    m_workersSpin->setEnabled(!running);
    m_gil->setEnabled(!running);
    m_stdout->setEnabled(!running);
    for (QCheckBox *box : m_optionBoxes)
        box->setEnabled(!running);
    m_switchInterval->setEnabled(!running && m_gil->isChecked());
    m_stop->setEnabled(running);
    m_stopAction->setEnabled(running);
    m_exportTraceAction->setEnabled(!running && m_last != nullptr);
    m_exportImageAction->setEnabled(!running && m_last != nullptr);
    m_timeline->setRunning(running);
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
    if (!m_controller->isRunning())
        return;
    const QString run = currentWorkload().name + QLatin1Char(' ') +
                        configLabel(m_controller->options(), currentWorkload());
    const double seconds = double(m_controller->elapsedMs()) / 1e3;
    QString text = m_controller->isCollecting()
                       ? QStringLiteral("Ran %1 in %2 s; collecting its trace…")
                             .arg(run)
                             .arg(seconds, 0, 'f', 1)
                       : QStringLiteral("Running %1… %2 s").arg(run).arg(seconds, 0, 'f', 1);
    if (m_controller->batchSize() > 1)
        text += QStringLiteral(" · run %1 of %2 (Esc stops them all)")
                    .arg(m_controller->batchStarted())
                    .arg(m_controller->batchSize());
    m_status->setText(text);
}

void MainWindow::onProgressed()
{
    const Trace &live = m_controller->live();
    m_timeline->append(live, Pid(QCoreApplication::applicationPid()));
    m_output->append(live);
    m_terminal->append(live);
}

void MainWindow::showRun(const std::shared_ptr<const RunResult> &result)
{
    m_last = result;
    // The final trace replaces the live one: every timestamp converted with one mapping.
    const auto marked = m_timeline->markedMoment();
    const bool follow = m_timeline->following();
    m_timeline->clear();
    m_timeline->showTrace(traceOf(result), result->pid);
    if (!follow && marked)
        m_timeline->markMoment(*marked, TrackId());
    m_output->clear();
    m_output->append(result->trace);
    m_terminal->setBuffering(bufferingText(result->options.buffering));
    m_terminal->showFinished(result->trace, result->stdoutBytes);
    if (result->source && !result->source->madeHere) {
        // What is shown is not a run of the workload above: the lesson line says so.
        m_lesson->setText(
            QStringLiteral("<b>Trace:</b> %1 <span style='color:gray'>(opened from a file; run "
                           "a mode to go back to the workload above)</span>")
                .arg(runHeadline(*result).toHtmlEscaped()));
        m_results->setLesson(
            Lesson{describeTrace(*result) +
                   QStringLiteral(" A row shows its thread's innermost call at each moment.")});
        showComparison();
        return;
    }
    const ResultEntry *entry = m_runs.find(*result);
    const ResultEntry *base = m_runs.baseline(*result);
    const auto baseNs = base != nullptr ? std::optional(base->median()->wallNs) : std::nullopt;
    m_results->setLesson(
        entry != nullptr && result->ok()
            ? explainRepeats(entry->all(), base ? base->all() : std::vector<const RunResult *>())
            : explainRun(*result, baseNs));
    showComparison();
}

void MainWindow::togglePin()
{
    if (m_pinned || !m_last) {
        m_pinned.reset();
        m_pinAction->setChecked(false);
    } else {
        m_pinned = m_last;
        m_reference->clear();
        m_reference->showTrace(traceOf(m_pinned), m_pinned->pid);
        m_referenceTitle->setText(QStringLiteral("<b>Reference</b> (pinned; Ctrl+P lets go): %1")
                                      .arg(runTitle(*m_pinned).toHtmlEscaped()));
        m_resultTabs->setCurrentWidget(m_compare);
    }
    for (QWidget *w : {static_cast<QWidget *>(m_referenceTitle),
                       static_cast<QWidget *>(m_reference), static_cast<QWidget *>(m_currentTitle)})
        w->setVisible(m_pinned != nullptr);
    showComparison();
}

// With a reference pinned: both timelines on the scale of the longer run, and the table.
void MainWindow::showComparison()
{
    if (!m_pinned) {
        m_compare->setRuns(nullptr, {}, nullptr, {});
        m_timeline->setExtentNs(0);
        return;
    }
    const Workload &w = currentWorkload();
    m_compare->setRuns(m_pinned.get(), configLabel(m_pinned->options, w), m_last.get(),
                       m_last ? configLabel(m_last->options, w) : QString());
    m_currentTitle->setText(QStringLiteral("<b>This run</b>: %1")
                                .arg(m_last ? runTitle(*m_last).toHtmlEscaped() : QString()));
    const std::int64_t longest = std::max(m_pinned->wallNs, m_last ? m_last->wallNs : 0);
    m_timeline->setExtentNs(longest);
    m_reference->setExtentNs(longest);
    m_timeline->fitAll();
}

void MainWindow::onFinished(const std::shared_ptr<const RunResult> &result)
{
    m_runs.add(result);
    const QByteArray prepared = m_controller->takePrepared();
    if (m_library && m_keepAction->isChecked()) {
        QString error;
        const bool stored = prepared.isEmpty()
                                ? m_library->store(*result, &error).has_value()
                                : m_library->store(*result, prepared, &error).has_value();
        if (!stored)
            statusBar()->showMessage(error, 10000);
        m_history->refresh();
    }
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
                              .arg(interleave::runTitle(*result), m_results->summary()));
    }
    Q_EMIT runFinished(result);
}

void MainWindow::refreshResults()
{
    if (m_workloads.empty())
        return; // still being built
    const Workload &w = currentWorkload();
    std::vector<ResultBar> bars;
    for (Mode mode : allModes()) {
        for (const ResultEntry *e : m_runs.entries(w.name)) {
            if (e->spec.options.mode != mode || isSwept(*e))
                continue;
            ResultBar bar{e->label, mode, e->wallMs(), std::nullopt};
            bar.speedup = m_runs.speedup(e->spec, bar.wallMs.median);
            bars.push_back(bar);
        }
    }
    m_results->setResults(w.name, std::move(bars), w.idealMs);
    refreshSweep();
}

// The runs of the sweep mode with the controls' other options, one point per worker count.
std::vector<const ResultEntry *> MainWindow::sweepFamily() const
{
    const Workload &w = currentWorkload();
    const RunOptions now = currentOptions(m_sweepMode);
    std::vector<const ResultEntry *> family;
    for (const ResultEntry *e : m_runs.entries(w.name)) {
        RunOptions o = e->spec.options;
        o.workers = now.workers;
        o.nice = now.nice;
        o.limited = now.limited;
        if (configLabel(o, w) == configLabel(now, w))
            family.push_back(e);
    }
    return family;
}

// A configuration that belongs to a sweep (of two or more counts) is drawn on the sweep
// chart, not as a bar, except the count the slider is at.
bool MainWindow::isSwept(const ResultEntry &entry) const
{
    if (entry.spec.options.mode != m_sweepMode || entry.spec.options.workers == workers())
        return false;
    const auto family = sweepFamily();
    return family.size() >= 2 && std::find(family.begin(), family.end(), &entry) != family.end();
}

void MainWindow::refreshSweep()
{
    std::vector<SweepPoint> points;
    int calls = 0;
    for (const ResultEntry *e : sweepFamily()) {
        points.push_back({e->spec.options.workers, e->wallMs()});
        if (const auto &info = e->runs.back()->trace.info)
            calls = int(info->calls.size());
    }
    m_sweep->setSweep(QStringLiteral("%1 · %2").arg(currentWorkload().name, modeName(m_sweepMode)),
                      std::move(points), workers(), calls);
}

// Pool or processes, whichever was run last; pool before either has.
Mode MainWindow::sweepMode() const
{
    if (m_last && (m_last->traits().usesWorkers))
        return m_last->mode();
    return m_sweepMode;
}

// Moving the slider over a swept count shows that count's run at once, without running it.
void MainWindow::onWorkersMoved(int count)
{
    if (m_controller->isRunning() || m_workloads.empty())
        return;
    for (const ResultEntry *e : sweepFamily()) {
        if (e->spec.options.workers == count && e->median()) {
            showRun(e->median());
            m_status->setText(QStringLiteral("Showing the run with %1 workers from the sweep: %2")
                                  .arg(count)
                                  .arg(titleLine()));
            break;
        }
    }
    refreshResults();
}

// Letting go of the slider on a count the sweep has not run runs it.
void MainWindow::onWorkersReleased()
{
    if (m_controller->isRunning())
        return;
    const auto family = sweepFamily();
    const bool swept = std::any_of(family.begin(), family.end(), [this](const ResultEntry *e) {
        return e->spec.options.workers == workers();
    });
    if (family.size() >= 2 && !swept)
        startRun(m_sweepMode);
}

QString MainWindow::titleLine() const
{
    return m_last ? runTitle(*m_last) : currentWorkload().name;
}

QString MainWindow::runTitle(const RunResult &r) const
{
    QString line = interleave::runTitle(r);
    if (const auto speedup = m_runs.speedup(r, double(r.wallNs) / 1e6))
        line += QStringLiteral(" · %1 sequential").arg(speedupText(*speedup));
    return line;
}

QString MainWindow::exportTimelineImage(const QString &path, const ExportOptions &options)
{
    return exportTimeline(*m_timeline, titleLine(), path, options);
}

QString MainWindow::exportTrace(const QString &path)
{
    if (!m_last)
        return QStringLiteral("nothing to export yet: run a workload first");
    return writeChromeTrace(*m_last, path);
}

// Runs to be kept are encoded where their trace is collected, off the UI thread.
void MainWindow::prepareToKeep()
{
    if (m_library && m_keepAction->isChecked())
        m_controller->setPrepare(encodeStoredRun);
    else
        m_controller->setPrepare({});
}

void MainWindow::setLibrary(std::unique_ptr<RunLibrary> library)
{
    m_library = std::move(library);
    m_history->setLibrary(m_library.get());
    prepareToKeep();
    // The results chart starts from the kept runs, so it survives a restart: the newest
    // runs of the workloads the window knows, oldest first, as if they had just run.
    constexpr std::size_t kRecalled = 40;
    constexpr qint64 kRecalledBytes = 4 << 20; // a huge run is reopened from History only
    std::vector<StoredRunSummary> recent;
    for (const StoredRunSummary &s :
         m_library ? m_library->list() : std::vector<StoredRunSummary>()) {
        if (indexOfWorkload(s.workload) >= 0 && !s.cancelled && s.ok && s.bytes <= kRecalledBytes &&
            recent.size() < kRecalled)
            recent.push_back(s);
    }
    for (auto it = recent.rbegin(); it != recent.rend(); ++it) {
        QString error;
        if (auto run = m_library->load(it->id, &error)) {
            attachProgram(*run, m_workloads[std::size_t(indexOfWorkload(it->workload))].program);
            m_runs.add(std::make_shared<const RunResult>(std::move(*run)));
        }
    }
    refreshResults();
}

std::shared_ptr<const RunResult> MainWindow::loadRun(qint64 id, QString *error)
{
    if (!m_library) {
        *error = QStringLiteral("there is no run library (--no-history)");
        return nullptr;
    }
    auto run = m_library->load(id, error);
    if (!run)
        return nullptr;
    if (const int known = indexOfWorkload(run->workload); known >= 0) {
        m_workload->setCurrentIndex(known);
    } else if (WorkloadParse parsed = parseWorkload(run->document, run->workload);
               parsed.workload) {
        // A workload this window has not opened (a file since changed or gone): as it ran.
        parsed.workload->name = run->workload;
        addWorkload(std::move(*parsed.workload), {});
        m_workload->setCurrentIndex(m_workload->count() - 1);
    }
    if (currentWorkload().name == run->workload)
        attachProgram(*run, currentWorkload().program);
    return std::make_shared<const RunResult>(std::move(*run));
}

bool MainWindow::reopenRun(qint64 id, QString *error)
{
    if (m_controller->isRunning()) {
        *error = QStringLiteral("a run is going: stop it first (Esc)");
        return false;
    }
    const auto run = loadRun(id, error);
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
    if (m_pinned)
        togglePin(); // lets go of the old reference
    togglePin();
    m_pinAction->setChecked(true);
    return reopenRun(run, error);
}

void MainWindow::runAgain()
{
    if (m_controller->isRunning())
        return;
    QString error;
    if (!reloadWorkload(&error)) {
        showError(QStringLiteral("Cannot read the workload again"), error);
        return;
    }
    m_runButtons[m_runningMode]->click();
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
    if (const int known = indexOfWorkload(run->workload); run->source->madeHere && known >= 0)
        m_workload->setCurrentIndex(known);
    showRun(run);
    setRunning(false);
    m_status->setText(QStringLiteral("Opened %1").arg(describeTrace(*run)));
}

void MainWindow::askHistorySizeLimit()
{
    if (!m_library) {
        showError(QStringLiteral("No run library"),
                  QStringLiteral("This window keeps no runs (--no-history)."));
        return;
    }
    bool ok = false;
    const int mib = QInputDialog::getInt(
        this, QStringLiteral("History size limit"),
        QStringLiteral("Keep at most this many MiB of runs (%1 MiB kept now). Past it, the oldest "
                       "runs go as new ones are kept; the newest is always kept.")
            .arg(double(m_library->totalBytes()) / double(1 << 20), 0, 'f', 1),
        int(m_library->sizeLimit() >> 20), 1, 1 << 20, 256, &ok);
    if (!ok)
        return;
    m_library->setSizeLimit(qint64(mib) << 20);
    RunLibrary::saveSizeLimit(qint64(mib) << 20);
    m_status->setText(QStringLiteral("History keeps at most %1 MiB of runs.").arg(mib));
}

void MainWindow::openTraceDialog()
{
    QSettings settings;
    const QString folder = settings.value(QStringLiteral("trace/folder")).toString();
    const QString path =
        QFileDialog::getOpenFileName(this, QStringLiteral("Open trace"), folder,
                                     QStringLiteral("Trace (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("trace/folder"), QFileInfo(path).absolutePath());
    QString error;
    if (!openTrace(path, &error))
        showError(QStringLiteral("Cannot open the trace"), error);
}

void MainWindow::openWorkloadFile()
{
    const QString path =
        QFileDialog::getOpenFileName(this, QStringLiteral("Open workload"), QString(),
                                     QStringLiteral("Workload (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!selectWorkload(path, &error))
        showError(QStringLiteral("Cannot open the workload"), error);
}

void MainWindow::exportImageDialog()
{
    if (!m_last)
        return;
    // The folder and format of the last export, remembered.
    QSettings settings;
    const QString folder = settings.value(QStringLiteral("export/folder")).toString();
    const QString suffix =
        settings.value(QStringLiteral("export/format"), QStringLiteral("png")).toString();
    const QStringList filters{QStringLiteral("PNG image (*.png)"),
                              QStringLiteral("JPEG image (*.jpg)"),
                              QStringLiteral("SVG drawing (*.svg)"),
                              QStringLiteral("PDF document, a landscape page (*.pdf)")};
    QString filter = *std::find_if(filters.begin(), filters.end(), [&](const QString &f) {
        return f.contains(QStringLiteral("*.") + suffix);
    });
    const QString base =
        QStringLiteral("%1-%2.%3").arg(m_last->workload, modeName(m_last->mode()), suffix);
    QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export timeline image"),
                                                QDir(folder).filePath(base),
                                                filters.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + filter.section(QStringLiteral("*."), 1).chopped(1);
    ExportOptions options;
    const QString format = QFileInfo(path).suffix().toLower();
    if ((format == QLatin1String("png") || format == QLatin1String("jpg")) &&
        !askImageSize(&options))
        return;
    settings.setValue(QStringLiteral("export/folder"), QFileInfo(path).absolutePath());
    settings.setValue(QStringLiteral("export/format"), format);
    if (const QString error = exportTimelineImage(path, options); !error.isEmpty())
        showError(QStringLiteral("Export failed"), error);
    else
        m_status->setText(QStringLiteral("Timeline written to %1").arg(path));
}

bool MainWindow::askImageSize(ExportOptions *options)
{
    const QSize base(std::max(1200, m_timeline->width()),
                     std::max(600, m_timeline->height() + 120));
    const auto text = [&](int k) {
        return QStringLiteral("%1× — %2 × %3 pixels")
            .arg(k)
            .arg(base.width() * k)
            .arg(base.height() * k);
    };
    const QStringList items{text(1), text(2) + QStringLiteral(" (HiDPI screens, print)"),
                            QStringLiteral("Custom size…")};
    // This screen's own density first: a HiDPI screen gets 2× by default.
    const int current = devicePixelRatioF() > 1.5 ? 1 : 0;
    bool ok = false;
    const QString choice =
        QInputDialog::getItem(this, QStringLiteral("Image size"),
                              QStringLiteral("Size of the image:"), items, current, false, &ok);
    if (!ok)
        return false;
    options->size = base;
    options->scale = choice == items[1] ? 2 : 1;
    if (choice != items[2])
        return true;
    for (;;) {
        const QString typed = QInputDialog::getText(
            this, QStringLiteral("Image size"), QStringLiteral("Width × height in pixels:"),
            QLineEdit::Normal, QStringLiteral("%1x%2").arg(base.width()).arg(base.height()), &ok);
        if (!ok)
            return false;
        const QString error = parseImageSize(typed, &options->size);
        if (error.isEmpty())
            return true;
        showError(QStringLiteral("Image size"), error);
    }
}

void MainWindow::exportTraceDialog()
{
    if (!m_last)
        return;
    QString path = QFileDialog::getSaveFileName(
        this, QStringLiteral("Export trace"),
        QStringLiteral("%1-%2.json").arg(m_last->workload, modeName(m_last->mode())),
        QStringLiteral("Chrome trace for Perfetto (*.json)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    if (const QString error = exportTrace(path); !error.isEmpty())
        showError(QStringLiteral("Export failed"), error);
    else
        m_status->setText(
            QStringLiteral("Trace written to %1: open it at ui.perfetto.dev").arg(path));
}

void MainWindow::showAbout()
{
    const QLatin1String runningQt(qVersion());
    const QString qt =
        runningQt == QLatin1String(QT_VERSION_STR)
            ? QStringLiteral("Qt %1").arg(runningQt)
            : QStringLiteral("Qt %1 (built with %2)").arg(runningQt, QLatin1String(QT_VERSION_STR));
    QMessageBox::about(
        this, QStringLiteral("About Interleave"),
        QStringLiteral(
            "<h3>Interleave %1</h3><p>See threads, pools and processes run: what each "
            "thread does and when, the interleaved output, and the speedup.</p>"
            "<p>%2 · QCustomPlot %3</p>"
            "<p>Interleave is free software under the <a href=\"%4\">%5</a> (%6). It comes with "
            "NO WARRANTY, to the extent permitted by law.</p><p><a href=\"%7\">%7</a></p>")
            .arg(QLatin1String(buildinfo::kVersion), qt, QStringLiteral(QCUSTOMPLOT_VERSION_STR),
                 QLatin1String(buildinfo::kLicenseUrl), QLatin1String(buildinfo::kLicenseName),
                 QLatin1String(buildinfo::kLicenseId), QLatin1String(buildinfo::kHomepage)));
}

void MainWindow::showError(const QString &title, const QString &message)
{
    if (!isVisible())
        return; // headless (screenshots, tests): the status bar and the caller report it
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::restoreSettings()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    m_keepAction->setChecked(s.value(QStringLiteral("history/keep"), true).toBool());
    m_vertical->restoreState(s.value(QStringLiteral("window/vertical")).toByteArray());
    m_horizontal->restoreState(s.value(QStringLiteral("window/horizontal")).toByteArray());
    if (s.contains(QStringLiteral("run/workers")))
        setWorkers(s.value(QStringLiteral("run/workers")).toInt());
    const QString workload = s.value(QStringLiteral("run/workload")).toString();
    QString ignored;
    if (!workload.isEmpty())
        selectWorkload(workload, &ignored);
    m_runningMode =
        modeFromName(s.value(QStringLiteral("run/mode")).toString()).value_or(Mode::Sequential);
    setGil(s.value(QStringLiteral("run/gil"), false).toBool(),
           s.value(QStringLiteral("run/switchInterval"), 5.0).toDouble());
    lang::Buffering buffering = lang::Buffering::Unbuffered;
    if (parseBuffering(s.value(QStringLiteral("run/stdout")).toString(), &buffering).isEmpty())
        setBuffering(buffering);
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/vertical"), m_vertical->saveState());
    s.setValue(QStringLiteral("window/horizontal"), m_horizontal->saveState());
    s.setValue(QStringLiteral("run/workers"), workers());
    // A workload from a file is remembered by its path, a built-in by its name.
    const auto index = std::size_t(std::max(0, m_workload->currentIndex()));
    s.setValue(QStringLiteral("run/workload"), m_workloadPaths.empty() ? QString()
                                               : m_workloadPaths[index].isEmpty()
                                                   ? m_workloads[index].name
                                                   : m_workloadPaths[index]);
    s.setValue(QStringLiteral("run/mode"), modeName(m_runningMode));
    s.setValue(QStringLiteral("run/gil"), m_gil->isChecked());
    s.setValue(QStringLiteral("run/switchInterval"), m_switchInterval->value());
    s.setValue(QStringLiteral("run/stdout"), bufferingText(buffering()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_controller->stop();
    if (m_useSettings)
        saveSettings();
    event->accept();
}

} // namespace interleave::ui
