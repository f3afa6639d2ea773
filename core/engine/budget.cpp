#include "budget.h"

#include "estimate.h"
#include "langlimits.h"
#include "text.h"

namespace interleave {

namespace {

// What the run would do at least, for the end of a refusal.
QString summary(const lang::Estimate &estimate, const lang::Cost &total)
{
    QString text = QStringLiteral("at least %1 calls, %2 of time.sleep in all, %3 recorded events, "
                                  "%4 printed")
                       .arg(countText(estimate.callCount()), longDurationText(total.waitSeconds),
                            countText(total.recorded), bytesText(total.printedBytes));
    if (total.computed > 0)
        text += QStringLiteral(", %1 numbers tested by compute()").arg(countText(total.computed));
    return text;
}

} // namespace

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
                   .arg(longDurationText(wall), modeName(options.mode),
                        longDurationText(lang::kMaxRunWaitSeconds));
    else if (total.recorded > lang::kMaxRunRecorded)
        past = QStringLiteral("would record at least %1 events, more than the %2 a run may record")
                   .arg(countText(total.recorded), countText(lang::kMaxRunRecorded));
    else if (total.printedBytes > lang::kMaxRunPrintedBytes)
        past = QStringLiteral("would print at least %1, more than the %2 a run may print")
                   .arg(bytesText(total.printedBytes), bytesText(lang::kMaxRunPrintedBytes));
    if (past.isEmpty())
        return {};
    return QStringLiteral("%1 %2 (%3): %4")
        .arg(workload.name, past, summary(estimate, total), QString::fromUtf8(lang::kLimitHint));
}

} // namespace interleave
