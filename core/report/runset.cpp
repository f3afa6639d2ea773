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

const ResultEntry *RunSet::add(const QString &label, std::shared_ptr<const RunResult> run)
{
    if (!run || !run->ok())
        return nullptr;
    ResultEntry *entry = entryFor(run->workload, label);
    if (entry == nullptr) {
        m_entries.push_back(std::make_unique<ResultEntry>());
        entry = m_entries.back().get();
        entry->workload = run->workload;
        entry->label = label;
        entry->options = run->options;
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

const ResultEntry *RunSet::baseline(const QString &workload, const RunOptions &options) const
{
    for (const auto &e : m_entries) {
        if (e->workload == workload && e->options.mode == Mode::Sequential &&
            e->options.settings == options.settings && e->options.buffering == options.buffering)
            return e.get();
    }
    return nullptr;
}

} // namespace interleave
