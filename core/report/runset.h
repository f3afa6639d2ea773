#pragma once

// The finished runs of a session, kept by everything that shaped them (configLabel): each
// configuration with its repeats, so that results show as medians with their range, a GIL run
// never stands in for a run without it, swept worker counts can be shown again without
// re-running, and a sequential baseline is found for the same options.

#include "engine.h"
#include "statistics.h"

#include <QString>

#include <memory>
#include <vector>

namespace interleave {

struct ResultEntry
{
    QString workload;
    QString label; // configLabel(options, workload)
    RunOptions options;
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
    const ResultEntry *add(const QString &label, std::shared_ptr<const RunResult> run);
    // A workload's configurations, in the order their first run finished.
    std::vector<const ResultEntry *> entries(const QString &workload) const;
    const ResultEntry *find(const QString &workload, const QString &label) const;
    // The sequential run with the same workload options and stdout as `options`: the baseline
    // a speedup is over.
    const ResultEntry *baseline(const QString &workload, const RunOptions &options) const;

private:
    ResultEntry *entryFor(const QString &workload, const QString &label);

    std::vector<std::unique_ptr<ResultEntry>> m_entries;
};

} // namespace interleave
