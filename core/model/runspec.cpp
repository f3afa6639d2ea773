#include "runspec.h"

#include "workload.h"

#include <QStringList>

namespace interleave {

namespace {
const QString kSeparator = QStringLiteral(" · ");
const QString kGilPart = QStringLiteral("GIL ");
} // namespace

RunSpec::RunSpec(const Workload &w, RunOptions o) : workload(w.name), options(std::move(o))
{
    declared.reserve(w.options.size());
    for (const WorkloadOption &option : w.options)
        declared.push_back({option.name, option.defaultValue});
}

QMap<QString, bool> RunSpec::optionValues() const
{
    QMap<QString, bool> values;
    for (const DeclaredOption &d : declared)
        values.insert(d.name, options.settings.value(d.name, d.defaultValue));
    return values;
}

QJsonArray declaredToJson(const std::vector<DeclaredOption> &declared)
{
    QJsonArray list;
    for (const DeclaredOption &d : declared)
        list.append(QJsonArray{d.name, d.defaultValue});
    return list;
}

std::vector<DeclaredOption> declaredFromJson(const QJsonArray &list)
{
    std::vector<DeclaredOption> declared;
    for (const QJsonValue &v : list) {
        const QJsonArray pair = v.toArray();
        if (pair.size() == 2 && pair[0].isString() && pair[1].isBool())
            declared.push_back({pair[0].toString(), pair[1].toBool()});
    }
    return declared;
}

QString configLabel(const RunSpec &spec)
{
    const RunOptions &o = spec.options;
    QStringList parts{modeName(o.mode)};
    if (spec.traits().usesWorkers)
        parts.last() += QStringLiteral(" ×%1").arg(o.effectiveWorkers());
    if (gilHolds(o))
        parts << kGilPart + QStringLiteral("%1 ms").arg(o.switchIntervalMs);
    if (o.buffering != lang::Buffering::Unbuffered)
        parts << bufferingText(o.buffering);
    for (const DeclaredOption &d : spec.declared) {
        const bool on = o.settings.value(d.name, d.defaultValue);
        if (on != d.defaultValue)
            parts << (on ? d.name : QStringLiteral("no ") + d.name);
    }
    return parts.join(kSeparator);
}

QString configLabel(const RunOptions &options, const Workload &workload)
{
    return configLabel(RunSpec(workload, options));
}

QString baselineKey(const QString &label)
{
    QStringList parts = label.split(kSeparator);
    parts.removeFirst();
    parts.removeIf([](const QString &p) { return p.startsWith(kGilPart); });
    return parts.join(kSeparator);
}

} // namespace interleave
