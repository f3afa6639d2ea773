#include "runresult.h"

#include "text.h"

#include <QFileInfo>
#include <QStringList>

#include <algorithm>

namespace interleave {

bool RunResult::machineWasBusy() const
{
    // /proc/stat counts in ticks of 10 ms per core: a short run needs more than a few of them.
    const double resolution = 0.02e9 * std::max(cores, 1);
    return othersCpuNs && wallNs > 0 &&
           double(*othersCpuNs) >= std::max(0.25 * double(wallNs), resolution);
}

const lang::Value *RunResult::global(const QString &name) const
{
    const auto it = std::find(globalNames.begin(), globalNames.end(), name);
    const auto slot = std::size_t(it - globalNames.begin());
    return it != globalNames.end() && slot < globals.size() ? &globals[slot] : nullptr;
}

std::optional<double> RunResult::idealMs() const
{
    if (!program)
        return std::nullopt;
    const auto it = program->idealMs.find(traits().name);
    return it == program->idealMs.end() ? std::nullopt : std::optional(it->second);
}

void attachProgram(RunResult &run, std::shared_ptr<const lang::Program> program)
{
    if (!program || program->globals.size() != run.globals.size())
        return;
    run.globalNames.assign(program->globals.size(), QString());
    for (std::size_t i = 0; i < program->globals.size(); ++i)
        run.globalNames[i] = QString::fromStdString(program->globals[i]);
    run.program = std::move(program);
}

QString workerText(const RunResult &r)
{
    const ModeTraits &t = r.traits();
    const int count = t.lanes == Lanes::One ? 1 : r.workers;
    return QStringLiteral("%1 %2").arg(count).arg(
        QString::fromUtf8(count == 1 ? t.workerOne : t.workerMany));
}

namespace {
// "trace.json · VizTracer · 3 threads in 1 process"
QString openedTitle(const RunResult &r)
{
    const std::size_t threads = r.trace.threadCount(), processes = r.trace.processCount();
    return QStringLiteral("%1 · %2 · %3 %4 in %5 %6")
        .arg(QFileInfo(r.source->path).fileName(), r.source->format)
        .arg(threads)
        .arg(threads == 1 ? QStringLiteral("thread") : QStringLiteral("threads"))
        .arg(processes)
        .arg(processes == 1 ? QStringLiteral("process") : QStringLiteral("processes"));
}
} // namespace

QString runHeadline(const RunResult &r)
{
    if (r.foreign())
        return openedTitle(r);
    return QStringList{r.workload, modeName(r.mode()), workerText(r)}.join(QStringLiteral(" · "));
}

QString runTitle(const RunResult &r)
{
    if (r.foreign())
        return QStringLiteral("%1 · span %2").arg(openedTitle(r), wallText(r.wallNs));
    QStringList parts{r.workload, configLabel(r), workerText(r),
                      QStringLiteral("wall ") + wallText(r.wallNs)};
    if (r.cancelled)
        parts << QStringLiteral("stopped");
    if (r.source)
        parts << QStringLiteral("opened from %1").arg(QFileInfo(r.source->path).fileName());
    return parts.join(QStringLiteral(" · "));
}

} // namespace interleave
