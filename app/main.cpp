#include "buildinfo.h"
#include "cli.h"
#include "gui.h"

#include <QApplication>
#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace {

void describe(QCoreApplication &app)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Interleave"));
    QCoreApplication::setApplicationName(QStringLiteral("interleave"));
    QCoreApplication::setApplicationVersion(QLatin1String(interleave::buildinfo::kVersion));
    Q_UNUSED(app);
}

bool haveDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char **argv)
{
    // Past a file-size limit (ulimit -f) a write fails with EFBIG and is reported, with the
    // temporary file removed, instead of the process dying of SIGXFSZ mid-write.
    std::signal(SIGXFSZ, SIG_IGN);
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    // Decided before any application object exists: the command line needs no display.
    if (interleave::cli::isCommandLine(args)) {
        QCoreApplication app(argc, argv);
        describe(app);
        return interleave::cli::run(QCoreApplication::arguments());
    }
    if (!haveDisplay()) {
        std::fputs("interleave: no display to open the window on (DISPLAY is not set).\n"
                   "  On the command line: interleave run --workload square-cube --mode threads\n"
                   "  Headless window (screenshots): QT_QPA_PLATFORM=offscreen interleave "
                   "--screenshot shot.png\n",
                   stderr);
        return interleave::cli::kExitFailed;
    }
    QApplication app(argc, argv);
    describe(app);
    // Ties the window to its .desktop file (the Wayland app id; the icon in docks and menus).
    QGuiApplication::setDesktopFileName(QLatin1String(interleave::buildinfo::kAppId));
    return interleave::gui::run();
}
