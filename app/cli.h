#pragma once

#include <QStringList>

namespace interleave::cli {

// Exit statuses the command line promises.
enum ExitCode
{
    kExitOk = 0,
    kExitFailed = 1,       // the run or a write failed
    kExitUsage = 2,        // bad arguments; nothing ran
    kExitDeadlock = 3,     // threads waited for each other's locks; the run was ended
    kExitInterrupted = 130 // Ctrl-C; the partial trace was kept
};

// True when `args` (the full argument list) is for the command line rather than the window:
// a command word (known or not), or --help or --version anywhere.
bool isCommandLine(const QStringList &args);
// True for a command that draws (export): it needs a QApplication, offscreen if need be.
bool drawsWidgets(const QStringList &args);
// What --help and --version print.
QString usageText();
QString versionText();
int run(const QStringList &args);

} // namespace interleave::cli
