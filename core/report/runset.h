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

// One configuration's result: the median wall time of its runs and their range.
struct ResultBar
{
    QString label; // configLabel: "threads · GIL 5 ms"
    Mode mode = Mode::Sequential;
    Spread wallMs;
    std::optional<double> speedup; // over the sequential runs with the same label, mode aside
};

// One worker count of a sweep: the median wall time of its runs and their range.
struct SweepPoint
{
    int workers = 0;
    Spread wallMs;
};

// A run kept in the run library, known from its summary row until it is read.
struct RecalledRun
{
    qint64 id = 0;
    double wallMs = 0;
};

struct ResultEntry
{
    QString workload;
    QString label; // configLabel(spec)
    RunSpec spec;
    std::vector<std::shared_ptr<const RunResult>> runs; // oldest first, each finished and ok
    std::vector<RecalledRun> recalled;                  // from the library, oldest first

    // Of the runs and the recalled runs together.
    Spread wallMs() const;
    // The runs of this session.
    std::vector<const RunResult *> all() const;
    std::shared_ptr<const RunResult> median() const;
    // With no run of this session, the recalled run at the median, to read from the library.
    std::optional<qint64> medianRecalled() const;
};

class RunSet
{
public:
    // Repeats kept per configuration (more than a batch may ask for); older ones are let go.
    static constexpr std::size_t kKeptRuns = 64;
    static_assert(kKeptRuns >= std::size_t(kMaxRepeats));

    // Keeps a finished run under its label; runs that failed or were stopped are not results.
    const ResultEntry *add(std::shared_ptr<const RunResult> run);
    // A run kept in the library under `label`, from its summary, without reading it.
    void recall(const RunSpec &spec, const QString &label, RecalledRun run);
    // The recalled run `id`, read: one of the runs from now on.
    void promote(qint64 id, std::shared_ptr<const RunResult> run);
    // A workload's configurations, in the order their first run finished.
    std::vector<const ResultEntry *> entries(const QString &workload) const;
    const ResultEntry *find(const QString &workload, const QString &label) const;
    const ResultEntry *find(const RunSpec &spec) const;
    // The sequential runs a run of `spec` is measured against: the same label, mode aside.
    const ResultEntry *baseline(const RunSpec &spec) const;
    const ResultEntry *baseline(const QString &workload, const QString &label) const;
    // How many times faster than its baseline's median a run of `spec` taking `wallMs` is;
    // nothing without a baseline or for a sequential run.
    std::optional<double> speedup(const RunSpec &spec, double wallMs) const;
    // An entry's median over its baseline's: 1 for the baseline itself.
    std::optional<double> speedup(const ResultEntry &entry) const;

private:
    ResultEntry *entryFor(const QString &workload, const QString &label);
    ResultEntry &entryFor(const RunSpec &spec, const QString &label);
    std::optional<double> speedup(const QString &workload, const QString &label, Mode mode,
                                  double wallMs) const;

    std::vector<std::unique_ptr<ResultEntry>> m_entries;
};

} // namespace interleave
