#include "catalog.h"

#include "logging.h"

#include <QFileInfo>

namespace interleave {

namespace {
// Teaching order: I/O-bound first, then pools, then CPU-bound and overhead.
constexpr const char *kBuiltinNames[] = {
    "sleep-twice", "square-cube",    "named-tasks", "staggered",      "pool-squares", "cpu-primes",
    "io-vs-cpu",   "shared-counter", "deadlock",    "process-memory", "thread-local", "tiny-tasks"};
} // namespace

const std::vector<Workload> &builtinWorkloads()
{
    static const std::vector<Workload> workloads = [] {
        std::vector<Workload> list;
        for (const char *name : kBuiltinNames) {
            const auto path = QStringLiteral(":/workloads/%1.json").arg(QLatin1String(name));
            WorkloadParse parsed = loadWorkloadFile(path);
            if (parsed.workload)
                list.push_back(std::move(*parsed.workload));
            else
                qCCritical(lcWorkload) << "built-in workload is broken:" << parsed.error;
        }
        return list;
    }();
    return workloads;
}

const Workload *findBuiltin(const QString &name)
{
    for (const Workload &w : builtinWorkloads()) {
        if (w.name == name)
            return &w;
    }
    return nullptr;
}

bool isWorkloadFile(const QString &nameOrPath)
{
    return nameOrPath.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ||
           QFileInfo::exists(nameOrPath);
}

} // namespace interleave
