#include "runset.h"

#include "lessons.h"

#include <algorithm>
#include <utility>

namespace interleave {

Spread ResultEntry::wallMs() const
{
    std::vector<double> walls;
    for (const auto &r : runs)
        walls.push_back(double(r->wallNs) / 1e6);
    for (const RecalledRun &r : recalled)
        walls.push_back(r.wallMs);
    return spreadOf(std::move(walls));
}

std::vector<const RunResult *> ResultEntry::all() const
{
    std::vector<const RunResult *> out;
    for (const auto &r : runs)
        out.push_back(r.get());
    return out;
}

std::optional<qint64> ResultEntry::medianRecalled() const
{
    if (!runs.empty() || recalled.empty())
        return std::nullopt;
    const double median = wallMs().median;
    for (const RecalledRun &r : recalled)
        if (r.wallMs == median)
            return r.id;
    return recalled.back().id;
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
    ResultEntry &entry = entryFor(*run, configLabel(*run));
    entry.runs.push_back(std::move(run));
    if (entry.runs.size() + entry.recalled.size() <= kKeptRuns)
        return &entry;
    if (entry.recalled.empty())
        entry.runs.erase(entry.runs.begin());
    else
        entry.recalled.erase(entry.recalled.begin());
    return &entry;
}

void RunSet::recall(const RunSpec &spec, const QString &label, RecalledRun run)
{
    ResultEntry &entry = entryFor(spec, label);
    if (entry.runs.size() + entry.recalled.size() >= kKeptRuns) {
        if (entry.recalled.empty())
            return;
        entry.recalled.erase(entry.recalled.begin()); // the newest are kept, as add() does
    }
    entry.recalled.push_back(run);
}

void RunSet::promote(qint64 id, std::shared_ptr<const RunResult> run)
{
    for (const auto &e : m_entries) {
        const auto it = std::find_if(e->recalled.begin(), e->recalled.end(),
                                     [id](const RecalledRun &r) { return r.id == id; });
        if (it != e->recalled.end()) {
            e->recalled.erase(it);
            e->runs.push_back(std::move(run));
            return;
        }
    }
}

ResultEntry &RunSet::entryFor(const RunSpec &spec, const QString &label)
{
    if (ResultEntry *entry = entryFor(spec.workload, label))
        return *entry;
    m_entries.push_back(std::make_unique<ResultEntry>());
    ResultEntry &entry = *m_entries.back();
    entry.workload = spec.workload;
    entry.label = label;
    entry.spec = spec;
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
    return const_cast<ResultEntry *>(std::as_const(*this).find(workload, label));
}

const ResultEntry *RunSet::find(const RunSpec &spec) const
{
    return find(spec.workload, configLabel(spec));
}

const ResultEntry *RunSet::baseline(const RunSpec &spec) const
{
    return baseline(spec.workload, configLabel(spec));
}

const ResultEntry *RunSet::baseline(const QString &workload, const QString &label) const
{
    const QString key = baselineKey(label);
    for (const auto &e : m_entries) {
        if (e->workload == workload && e->spec.mode() == Mode::Sequential &&
            baselineKey(e->label) == key)
            return e.get();
    }
    return nullptr;
}

std::optional<double> RunSet::speedup(const RunSpec &spec, double wallMs) const
{
    return speedup(spec.workload, configLabel(spec), spec.mode(), wallMs);
}

std::optional<double> RunSet::speedup(const ResultEntry &entry) const
{
    if (baseline(entry.workload, entry.label) == &entry)
        return 1.0; // the baseline itself
    return speedup(entry.workload, entry.label, entry.spec.mode(), entry.wallMs().median);
}

std::optional<double> RunSet::speedup(const QString &workload, const QString &label, Mode mode,
                                      double wallMs) const
{
    const ResultEntry *base = baseline(workload, label);
    if (base == nullptr || mode == Mode::Sequential || !(wallMs > 0))
        return std::nullopt;
    return base->wallMs().median / wallMs;
}

} // namespace interleave
