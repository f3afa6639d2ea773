#include "runset.h"

#include "lessons.h"

#include <algorithm>

namespace interleave {

Spread ResultEntry::wallMs() const
{
    return wallSpreadMs(all());
}

std::vector<const RunResult *> ResultEntry::all() const
{
    std::vector<const RunResult *> out;
    for (const auto &r : runs)
        out.push_back(r.get());
    return out;
}

std::shared_ptr<const RunResult> ResultEntry::median() const
{
    const RunResult *m = medianRun(all());
    for (const auto &r : runs)
        if (r.get() == m)
            return r;
    return nullptr;
}

const ResultEntry *RunSet::add(std::shared_ptr<const RunResult> run)
{
    if (!run || !run->ok())
        return nullptr;
    const QString label = configLabel(*run);
    ResultEntry *entry = entryFor(run->workload, label);
    if (entry == nullptr) {
        m_entries.push_back(std::make_unique<ResultEntry>());
        entry = m_entries.back().get();
        entry->workload = run->workload;
        entry->label = label;
        entry->spec = *run;
    }
    entry->runs.push_back(std::move(run));
    if (entry->runs.size() > kKeptRuns)
        entry->runs.erase(entry->runs.begin());
    return entry;
}

std::vector<const ResultEntry *> RunSet::entries(const QString &workload) const
{
    std::vector<const ResultEntry *> out;
    for (const auto &e : m_entries)
        if (e->workload == workload)
            out.push_back(e.get());
    return out;
}

const ResultEntry *RunSet::find(const QString &workload, const QString &label) const
{
    for (const auto &e : m_entries)
        if (e->workload == workload && e->label == label)
            return e.get();
    return nullptr;
}

ResultEntry *RunSet::entryFor(const QString &workload, const QString &label)
{
    for (const auto &e : m_entries)
        if (e->workload == workload && e->label == label)
            return e.get();
    return nullptr;
}

const ResultEntry *RunSet::find(const RunSpec &spec) const
{
    return find(spec.workload, configLabel(spec));
}

const ResultEntry *RunSet::baseline(const RunSpec &spec) const
{
    const QString key = baselineKey(configLabel(spec));
    for (const auto &e : m_entries) {
        if (e->workload == spec.workload && e->spec.mode() == Mode::Sequential &&
            baselineKey(e->label) == key)
            return e.get();
    }
    return nullptr;
}

std::optional<double> RunSet::speedup(const RunSpec &spec, double wallMs) const
{
    const ResultEntry *base = baseline(spec);
    if (base == nullptr || spec.mode() == Mode::Sequential || !(wallMs > 0))
        return std::nullopt;
    return base->wallMs().median / wallMs;
}

} // namespace interleave
