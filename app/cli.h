#pragma once

#include <QStringList>

namespace interleave::cli {

// Exit statuses the command line promises.
enum ExitCode
{
    kExitOk = 0,
    kExitFailed = 1,       // the run or a write failed
    kExitUsage = 2,        // bad arguments; nothing ran
    kExitInterrupted = 130 // Ctrl-C; the partial trace was kept
};

// True when `args` (the full argument list) names a command-line subcommand or option that
// needs no window.
bool isCommandLine(const QStringList &args);
int run(const QStringList &args);

} // namespace interleave::cli
