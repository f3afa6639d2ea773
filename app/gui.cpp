#include "gui.h"

#include "atomicfile.h"
#include "cli.h"
#include "clisupport.h"
#include "mainwindow.h"
#include "terminalview.h"
#include "timelineview.h"
#include "traceopener.h"

#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

namespace interleave::gui {

namespace {

int fail(const QString &message, int status)
{
    std::fprintf(stderr, "interleave: %s\n", qPrintable(message));
    return status;
}

// Saves the whole window, as a person would see it, once its plots are up to date.
QString saveWindow(ui::MainWindow &window, const QString &path)
{
    window.timeline()->replot(QCustomPlot::rpImmediateRefresh);
    QApplication::processEvents();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!window.grab().save(&buffer, "PNG"))
        return QStringLiteral("%1: could not encode the window as PNG").arg(path);
    return writeFileAtomically(path, png);
}

// INTERLEAVE_SAY_FIRST_PAINT=1, for the startup benchmark: "painted" on stdout once the
// window has first painted, then quit.
class FirstPaint : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_said) {
            m_said = true;
            QTimer::singleShot(0, qApp, [] { // once this paint is done
                std::puts("painted");
                std::fflush(stdout);
                QApplication::exit(0);
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_said = false;
};

// --open: the trace in the window; with --screenshot, the window saved once it shows.
int showTrace(ui::MainWindow &window, const QString &trace, const QString &screenshot)
{
    int status = cli::kExitOk;
    QObject::connect(window.traceOpener(), &ui::TraceOpener::failed, &window,
                     [&](const QString &, const QString &error) {
                         if (!screenshot.isEmpty())
                             QApplication::exit(status = fail(error, cli::kExitFailed));
                     });
    QObject::connect(
        window.traceOpener(), &ui::TraceOpener::opened, &window,
        [&] {
            if (screenshot.isEmpty())
                return;
            if (const QString error = saveWindow(window, screenshot); !error.isEmpty())
                status = fail(error, cli::kExitFailed);
            QApplication::exit(status);
        },
        Qt::QueuedConnection); // after the window has shown it
    QTimer::singleShot(0, &window, [&] {
        QString error;
        if (!window.openTrace(trace, &error))
            QApplication::exit(status = fail(error, cli::kExitFailed));
    });
    QApplication::exec();
    return status;
}

void addOptions(QCommandLineParser &parser)
{
    // --help and --version never get here: the command line answers them (cli::isCommandLine).
    parser.addOption({QStringLiteral("workload"),
                      QStringLiteral("Workload to select (built-in name or .json file)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("mode"),
                      QStringLiteral("Mode to run at once: sequential, threads, pool, processes."),
                      QStringLiteral("mode")});
    parser.addOption(
        {QStringLiteral("no-history"), QStringLiteral("Do not keep the runs in the run library.")});
    parser.addOption({QStringLiteral("open"),
                      QStringLiteral("Open a trace file (Interleave's, VizTracer's, py-spy's or "
                                     "any Chrome Trace Event JSON) at start."),
                      QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("screenshot"),
         QStringLiteral(
             "Run the workload (sequential first, for the speedup), save the window as PNG "
             "to FILE and exit."),
         QStringLiteral("file")});
    cli::addRunOptions(parser);
}

// The controls as the command line sets them, with its parsers and limits; what is wrong.
QString applyOptions(const QCommandLineParser &parser, ui::MainWindow &window)
{
    QString error;
    if (parser.isSet(QStringLiteral("workload")) &&
        !window.selectWorkload(parser.value(QStringLiteral("workload")), &error))
        return error;
    RunOptions o;
    if (const QString e =
            cli::parseRunOptions(parser, window.currentWorkload(), cli::WorkersAre::Count, &o);
        !e.isEmpty())
        return e;
    if (o.workers > 0)
        window.setWorkers(o.workers);
    if (o.gil)
        window.setGil(true, o.switchIntervalMs);
    if (parser.isSet(QStringLiteral("stdout")))
        window.setBuffering(o.buffering);
    for (auto it = o.settings.begin(); it != o.settings.end(); ++it)
        window.setOption(it.key(), it.value());
    if (!o.limited)
        window.liftLimits(true);
    return {};
}

// Every run is kept in the run library, in the user's data folder.
void openLibrary(ui::MainWindow &window)
{
    QString problem;
    auto library = RunLibrary::open(RunLibrary::defaultPath(), &problem);
    library->setSizeLimit(RunLibrary::savedSizeLimit());
    window.setLibrary(std::move(library));
    if (!problem.isEmpty())
        window.statusBar()->showMessage(problem, 30000);
}

// A sequential baseline first (so the bars show a speedup), then `mode`, then the window saved.
int screenshotRuns(ui::MainWindow &window, Mode mode, const QString &screenshot)
{
    int status = cli::kExitOk;
    std::vector<Mode> sequence;
    if (mode != Mode::Sequential)
        sequence.push_back(Mode::Sequential);
    sequence.push_back(mode);
    std::size_t next = 0;
    const auto startNext = [&] {
        QString error;
        if (!window.startRun(sequence[next++], &error)) {
            status = fail(error, cli::kExitUsage);
            QApplication::exit(status);
        }
    };
    QObject::connect(
        &window, &ui::MainWindow::runFinished, &window,
        [&](const std::shared_ptr<const RunResult> &result) {
            if (!result->ok()) // the last run's failure is pictured too: a deadlock, say
                status = fail(result->error.isEmpty() ? QStringLiteral("the run was stopped")
                                                      : result->error,
                              result->deadlock ? cli::kExitDeadlock : cli::kExitFailed);
            if (!result->ok() && next < sequence.size()) {
                QApplication::exit(status);
            } else if (next < sequence.size()) {
                startNext();
            } else {
                if (const QString error = saveWindow(window, screenshot); !error.isEmpty())
                    status = fail(error, cli::kExitFailed);
                else // what the picture shows, for scripts that want a torn line in it
                    std::fprintf(stdout, "%s: %zu torn lines in the terminal view\n",
                                 qPrintable(screenshot),
                                 window.terminal()->content().tornLines().size());
                QApplication::exit(status);
            }
        });
    QTimer::singleShot(0, &window, startNext);
    QApplication::exec();
    return status;
}

} // namespace

int run()
{
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(QCoreApplication::arguments()))
        return fail(parser.errorText(), cli::kExitUsage);
    const QString screenshot = parser.value(QStringLiteral("screenshot"));
    std::optional<Mode> mode;
    if (parser.isSet(QStringLiteral("mode"))) {
        Mode m = Mode::Sequential;
        if (const QString e = parseMode(parser.value(QStringLiteral("mode")), &m); !e.isEmpty())
            return fail(e, cli::kExitUsage);
        mode = m;
    }
    const QString trace = parser.value(QStringLiteral("open"));
    if (!trace.isEmpty() && mode)
        return fail(QStringLiteral("--open shows a trace; --mode runs a workload: give one"),
                    cli::kExitUsage);
    if (!screenshot.isEmpty() && !mode && trace.isEmpty())
        mode = Mode::Threads;

    ui::MainWindow window(screenshot.isEmpty());
    // No library for a screenshot: its runs are not the user's.
    if (screenshot.isEmpty() && !parser.isSet(QStringLiteral("no-history")))
        openLibrary(window);
    if (const QString error = applyOptions(parser, window); !error.isEmpty())
        return fail(error, cli::kExitUsage);
    if (!screenshot.isEmpty())
        window.resize(1280, 800);
    if (qEnvironmentVariableIsSet("INTERLEAVE_SAY_FIRST_PAINT"))
        qApp->installEventFilter(new FirstPaint(&window));
    window.show();
    if (!trace.isEmpty())
        return showTrace(window, trace, screenshot);
    if (!screenshot.isEmpty())
        return screenshotRuns(window, *mode, screenshot);
    if (mode)
        QTimer::singleShot(0, &window, [&window, m = *mode] { window.startRun(m); });
    return QApplication::exec();
}

} // namespace interleave::gui
