#include "buildinfo.h"
#include "cli.h"
#include "gui.h"

#include <QApplication>
#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace {

void describe(QCoreApplication &app)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Interleave"));
    QCoreApplication::setApplicationName(QStringLiteral("interleave"));
    QCoreApplication::setApplicationVersion(QLatin1String(interleave::buildinfo::kVersion));
    Q_UNUSED(app);
}

// INTERLEAVE_SAY_PEAK_MEMORY=1, for the memory benchmark: this process's own peak resident
// memory on stderr as it exits (VmHWM counts from exec; the parent's memory, which a spawned
// child's rusage may include, does not enter it).
void sayPeakMemory()
{
    if (FILE *status = std::fopen("/proc/self/status", "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, status) != nullptr) {
            if (std::strncmp(line, "VmHWM:", 6) == 0)
                std::fprintf(stderr, "peak memory: %s", line + 6);
        }
        std::fclose(status);
    }
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
    if (std::getenv("INTERLEAVE_SAY_PEAK_MEMORY") != nullptr)
        std::atexit(sayPeakMemory);
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    // Decided before any application object exists: the command line needs no display.
    if (interleave::cli::drawsWidgets(args)) {
        // Drawn without a window: no display needed, and the same pixels with or without one.
        if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        // Outside a desktop session (cron, CI) there is no runtime directory, and Qt warns
        // about it on stderr: give the command a private one for its lifetime.
        char runtime[] = "/tmp/interleave-runtime-XXXXXX";
        const bool ownRuntime =
            !qEnvironmentVariableIsSet("XDG_RUNTIME_DIR") && ::mkdtemp(runtime) != nullptr;
        if (ownRuntime)
            qputenv("XDG_RUNTIME_DIR", runtime);
        int status = 0;
        {
            QApplication app(argc, argv);
            describe(app);
            status = interleave::cli::run(QCoreApplication::arguments());
        }
        if (ownRuntime)
            ::rmdir(runtime);
        return status;
    }
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
