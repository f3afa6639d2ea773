#include "openfile.h"

#include "catalog.h"
#include "traceopen.h"

#include <QFile>
#include <QStringList>

namespace interleave {

namespace {
constexpr qint64 kSniffBytes = 4096;

bool isTraceFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && looksLikeTrace(file.read(kSniffBytes));
}
} // namespace

WorkloadParse openWorkloadFile(const QString &path)
{
    WorkloadParse parsed = loadWorkloadFile(path);
    if (!parsed.workload && isTraceFile(path))
        parsed.error = QStringLiteral("%1 is a trace, not a workload: open it with File ▸ Open "
                                      "trace… or 'interleave show %1'")
                           .arg(path);
    return parsed;
}

WorkloadParse openWorkload(const QString &nameOrPath)
{
    if (const Workload *w = findBuiltin(nameOrPath))
        return {*w, {}};
    if (isWorkloadFile(nameOrPath))
        return openWorkloadFile(nameOrPath);
    QStringList names;
    for (const Workload &w : builtinWorkloads())
        names << w.name;
    return {std::nullopt, QStringLiteral("unknown workload '%1': use one of %2, or a .json file")
                              .arg(nameOrPath, names.join(QStringLiteral(", ")))};
}

} // namespace interleave
