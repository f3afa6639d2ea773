#pragma once

// What the window shows, decided without widgets: the workloads (keyed by their file), the
// runs (started through a RunController, kept by configuration), the run shown and the one
// pinned as reference, and the run library (runs kept as they finish, recalled at start-up
// from its summary rows). The window wires controls to it and draws what it says.

#include "runlibrary.h"
#include "runset.h"
#include "workload.h"

#include <QObject>

#include <memory>
#include <vector>

namespace interleave {
struct Lesson;
}

namespace interleave::ui {

class RunController;

struct WorkloadEntry
{
    Workload workload;
    QString path; // its file, canonical; empty for a built-in
};

class Workbench : public QObject
{
    Q_OBJECT

public:
    explicit Workbench(QObject *parent = nullptr);
    ~Workbench() override;

    // --- workloads ---------------------------------------------------------------------------
    const std::vector<WorkloadEntry> &workloads() const { return m_workloads; }
    int current() const { return m_current; }
    void setCurrent(int index);
    const Workload &currentWorkload() const;
    const QString &currentPath() const;
    int indexOf(const QString &name) const; // -1 when there is none of that name
    // A built-in by name, or a file (added once, read afresh when opened again) made current;
    // false and `error` when it cannot be read.
    bool select(const QString &nameOrPath, QString *error);
    // Reads a workload's file again; a built-in does not change.
    bool reload(int index, QString *error);

    // --- runs --------------------------------------------------------------------------------
    RunController *controller() const { return m_controller; }
    bool isRunning() const;
    // The runs in turn on the current workload; false, with the reason, if they cannot start.
    bool start(std::vector<RunOptions> batch, QString *error);
    const RunSet &runs() const { return m_runs; }
    std::shared_ptr<const RunResult> last() const { return m_last; }
    std::shared_ptr<const RunResult> pinned() const { return m_pinned; }
    // Shows a run (just finished, swept, reopened or opened from a file) as the last one.
    void show(std::shared_ptr<const RunResult> run);
    // Pins the last run as the reference, or lets go of the pinned one.
    void togglePin();
    // What the shown run teaches, against its repeats and its sequential baseline.
    Lesson lessonOf(const RunResult &run) const;
    // "square-cube · threads · 2 threads · wall 0.801 s · 2.00× sequential"
    QString titleOf(const RunResult &run) const;

    // Every worker count from 1 to `now`'s of pool or processes, whichever ran last (pool
    // before either has), each `repeats` times: the batch to start, or none and `error`.
    std::vector<RunOptions> sweepBatch(const RunOptions &now, int repeats, QString *error);

    // --- results -----------------------------------------------------------------------------
    // The mode of the last sweep: pool until one ran.
    Mode sweepMode() const { return m_sweepMode; }
    // The current workload's configurations as bars, a swept one only at `workers`.
    std::vector<ResultBar> resultBars(const RunOptions &now) const;
    // The runs of the sweep mode with `now`'s other options, one entry per worker count.
    std::vector<const ResultEntry *> sweepFamily(const RunOptions &now) const;
    std::vector<SweepPoint> sweepPoints(const RunOptions &now, int *calls) const;
    // The median run at `workers` of the sweep, read from the library if need be.
    std::shared_ptr<const RunResult> sweptRun(const RunOptions &now, int workers);

    // --- the run library ---------------------------------------------------------------------
    void setLibrary(std::unique_ptr<RunLibrary> library);
    RunLibrary *library() const { return m_library.get(); }
    void setKeepRuns(bool keep);
    // A kept run, its workload made current (added as it ran if this window has not opened
    // it); nothing and `error` if it cannot be read.
    std::shared_ptr<const RunResult> loadRun(qint64 id, QString *error);

Q_SIGNALS:
    void workloadAdded(int index);
    void workloadReloaded(int index);
    void currentChanged(int index);
    // The run shown was let go of: it was another workload's.
    void lastCleared();
    // A run of the batch finished and was kept (in the session, and in the library if on).
    void runFinished(std::shared_ptr<const RunResult> run);
    // Storing the run failed: the message says why.
    void keepFailed(const QString &error);
    // The library's runs changed (one stored).
    void libraryChanged();

private:
    void add(Workload workload, const QString &path);
    QString uniqueName(const QString &name, const QString &path) const;
    void onFinished(const std::shared_ptr<const RunResult> &run);
    void prepareToKeep();
    void recall();
    bool isSwept(const ResultEntry &entry, const RunOptions &now) const;
    std::shared_ptr<const RunResult> readKept(qint64 id, QString *error) const;
    void attachProgramOf(RunResult &run) const;

    std::vector<WorkloadEntry> m_workloads;
    int m_current = -1;
    RunController *m_controller = nullptr;
    RunSet m_runs;
    std::shared_ptr<const RunResult> m_last;
    std::shared_ptr<const RunResult> m_pinned;
    Mode m_sweepMode = Mode::Pool;
    std::unique_ptr<RunLibrary> m_library;
    bool m_keep = true;
};

} // namespace interleave::ui
