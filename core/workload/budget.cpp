#include "budget.h"

#include "estimate.h"
#include "langlimits.h"

#include <QLocale>

namespace interleave {

namespace {

QString count(double n)
{
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    return english.toString(n, 'f', 0); // "50,000,000"
}

QString bytesText(double bytes)
{
    if (bytes >= 1024.0 * 1024 * 1024)
        return QStringLiteral("%1 GiB").arg(bytes / (1024.0 * 1024 * 1024), 0, 'f', 1);
    if (bytes >= 1024.0 * 1024)
        return QStringLiteral("%1 MiB").arg(bytes / (1024.0 * 1024), 0, 'f', 1);
    return QStringLiteral("%1 bytes").arg(count(bytes));
}

// What the run would do at least, for the end of a refusal.
QString summary(const lang::Estimate &estimate, const lang::Cost &total)
{
    QString text = QStringLiteral("at least %1 calls, %2 of time.sleep in all, %3 recorded events, "
                                  "%4 printed")
                       .arg(count(estimate.callCount()), durationText(total.waitSeconds),
                            count(total.recorded), bytesText(total.printedBytes));
    if (total.computed > 0)
        text += QStringLiteral(", %1 numbers tested by compute()").arg(count(total.computed));
    return text;
}

} // namespace

QString durationText(double seconds)
{
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds, 0, 'g', 3);
    if (seconds < 3600)
        return QStringLiteral("%1 min").arg(seconds / 60, 0, 'f', seconds < 600 ? 1 : 0);
    if (seconds < 86400 * 2)
        return QStringLiteral("%1 h").arg(seconds / 3600, 0, 'f', 1);
    if (seconds < 86400 * 365)
        return QStringLiteral("%1 days").arg(seconds / 86400, 0, 'f', 1);
    return QStringLiteral("%1 years").arg(seconds / (86400 * 365.25), 0, 'f', 1);
}

QString checkBudget(const RunOptions &options, const Workload &workload)
{
    if (!options.limited || !workload.program)
        return {};
    const lang::Estimate estimate = lang::estimate(*workload.program);
    const lang::Cost total = estimate.total();
    const double wall = estimate.waitWall(waitLanes(options));
    QString past;
    if (wall > lang::kMaxRunWaitSeconds)
        past = QStringLiteral("would wait at least %1 in %2 mode, more than the %3 a run may wait")
                   .arg(durationText(wall), modeName(options.mode),
                        durationText(lang::kMaxRunWaitSeconds));
    else if (total.recorded > lang::kMaxRunRecorded)
        past = QStringLiteral("would record at least %1 events, more than the %2 a run may record")
                   .arg(count(total.recorded), count(lang::kMaxRunRecorded));
    else if (total.printedBytes > lang::kMaxRunPrintedBytes)
        past = QStringLiteral("would print at least %1, more than the %2 a run may print")
                   .arg(bytesText(total.printedBytes), bytesText(lang::kMaxRunPrintedBytes));
    if (past.isEmpty())
        return {};
    return QStringLiteral("%1 %2 (%3): %4")
        .arg(workload.name, past, summary(estimate, total), QString::fromUtf8(lang::kLimitHint));
}

} // namespace interleave
