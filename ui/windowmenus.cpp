#include "windowmenus.h"

#include <QAction>
#include <QMenuBar>

namespace interleave::ui {

namespace {

QAction *add(QMenu *menu, const QString &text, const QKeySequence &key, const QString &tip = {})
{
    QAction *a = menu->addAction(text);
    a->setShortcut(key);
    a->setStatusTip(tip);
    return a;
}

void buildFile(QMenu *file, WindowMenus &m)
{
    m.openWorkload = add(file, QStringLiteral("&Open workload…"), QKeySequence::Open);
    m.openTrace =
        add(file, QStringLiteral("Open &trace…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
            QStringLiteral("A trace file into the timeline and console: an export or "
                           "run --json of Interleave's, or Chrome Trace Event JSON "
                           "from VizTracer, py-spy and others"));
    file->addSeparator();
    m.exportImage =
        add(file, QStringLiteral("Export timeline &image…"), QKeySequence(Qt::CTRL | Qt::Key_E),
            QStringLiteral("The timeline with its title and legend as PNG or JPEG "
                           "(at 1×, 2× or a size you give), SVG, or a PDF page of A4 "
                           "or Letter"));
    m.exportTrace = add(file, QStringLiteral("Export &trace (Perfetto)…"),
                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    file->addSeparator();
    m.quit = add(file, QStringLiteral("&Quit"), QKeySequence::Quit);
}

void buildRun(QMenu *run, WindowMenus &m)
{
    int key = Qt::Key_1;
    for (const ModeTraits &t : kModes)
        m.run[t.mode] = add(run, QStringLiteral("Run %1").arg(QLatin1String(t.name)),
                            QKeySequence(Qt::CTRL | key++), QString::fromUtf8(t.help));
    run->addSeparator();
    m.again = add(run, QStringLiteral("Run &again"), QKeySequence(Qt::Key_F5),
                  QStringLiteral("Run the last mode again; a workload from a file is read again "
                                 "first, with your edits"));
    m.stop = add(run, QStringLiteral("&Stop"), QKeySequence(Qt::Key_Escape));
    m.sweep = add(run, QStringLiteral("S&weep workers"), QKeySequence(Qt::CTRL | Qt::Key_W));
    m.pin = add(run, QStringLiteral("&Pin as reference"), QKeySequence(Qt::CTRL | Qt::Key_P),
                QStringLiteral("Keep the shown run above the timeline: the runs after it are "
                               "drawn under it on one time axis and compared state by state "
                               "(Results ▸ Compare)"));
    m.pin->setCheckable(true);
    run->addSeparator();
    m.keepRuns = add(run, QStringLiteral("&Keep runs in History"), {},
                     QStringLiteral("Keep every finished or stopped run in the run library, to "
                                    "reopen and compare later (Results ▸ History); off, runs are "
                                    "forgotten when the window closes"));
    m.keepRuns->setCheckable(true);
    m.keepRuns->setChecked(true);
    m.historyLimit = add(run, QStringLiteral("History &size limit…"), {},
                         QStringLiteral("How much the run library may keep; past it, the oldest "
                                        "runs go as new ones are kept"));
    m.noLimits = add(run, QStringLiteral("Lift the run's &limits"), {},
                     QStringLiteral("Let a run wait more than 10 minutes, record more than "
                                    "50,000,000 events or print more than 256 MiB, and a thread "
                                    "record more than 2,000,000 (as --no-limits does)"));
    m.noLimits->setCheckable(true);
}

} // namespace

WindowMenus WindowMenus::build(QMenuBar *bar)
{
    WindowMenus m;
    buildFile(bar->addMenu(QStringLiteral("&File")), m);
    buildRun(bar->addMenu(QStringLiteral("&Run")), m);
    m.fitTimeline = add(bar->addMenu(QStringLiteral("&View")), QStringLiteral("&Fit timeline"),
                        QKeySequence(Qt::CTRL | Qt::Key_0));
    m.about = add(bar->addMenu(QStringLiteral("&Help")), QStringLiteral("&About Interleave"), {});
    return m;
}

} // namespace interleave::ui
