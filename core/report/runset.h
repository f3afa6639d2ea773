#pragma once

// The finished runs of a session, kept by everything that shaped them (configLabel): each
// configuration with its repeats, so that results show as medians with their range, a GIL run
// never stands in for a run without it, swept worker counts can be shown again without
// re-running, and a speedup has one definition: over the median of the sequential runs whose
// label, mode aside, is the same (baselineKey).

#include "runresult.h"
#include "statistics.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace interleave {

struct ResultEntry
{
    QString workload;
    QString label; // configLabel(spec)
    RunSpec spec;
    std::vector<std::shared_ptr<const RunResult>> runs; // oldest first, each finished and ok

    Spread wallMs() const;
    std::vector<const RunResult *> all() const;
    std::shared_ptr<const RunResult> median() const;
};

class RunSet
{
public:
    // Repeats kept per configuration (more than a batch may ask for); older ones are let go.
    static constexpr std::size_t kKeptRuns = 64;
    static_assert(kKeptRuns >= std::size_t(kMaxRepeats));

    // Keeps a finished run under its label; runs that failed or were stopped are not results.
    const ResultEntry *add(std::shared_ptr<const RunResult> run);
    // A workload's configurations, in the order their first run finished.
    std::vector<const ResultEntry *> entries(const QString &workload) const;
    const ResultEntry *find(const QString &workload, const QString &label) const;
    const ResultEntry *find(const RunSpec &spec) const;
    // The sequential runs a run of `spec` is measured against: the same label, mode aside.
    const ResultEntry *baseline(const RunSpec &spec) const;
    // How many times faster than its baseline's median a run of `spec` taking `wallMs` is;
    // nothing without a baseline or for a sequential run.
    std::optional<double> speedup(const RunSpec &spec, double wallMs) const;

private:
    ResultEntry *entryFor(const QString &workload, const QString &label);

    std::vector<std::unique_ptr<ResultEntry>> m_entries;
};

} // namespace interleave
