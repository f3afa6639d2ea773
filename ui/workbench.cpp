#include "workbench.h"

#include "catalog.h"
#include "lessons.h"
#include "openfile.h"
#include "runcontroller.h"
#include "storedrun.h"
#include "text.h"

#include <QFileInfo>

#include <algorithm>

namespace interleave::ui {

namespace {
// Summary rows the results chart starts from: the newest, at most this many.
constexpr std::size_t kRecalled = 400;
// Of those, kept without their options: read whole, at most this many and this large.
constexpr std::size_t kReadWhole = 40;
constexpr qint64 kReadWholeBytes = 4 << 20;
} // namespace

Workbench::Workbench(QObject *parent) : QObject(parent), m_controller(new RunController(this))
{
    connect(m_controller, &RunController::finished, this, &Workbench::onFinished);
    for (const Workload &w : builtinWorkloads())
        add(w, {});
    m_current = m_workloads.empty() ? -1 : 0;
}

Workbench::~Workbench() = default;

void Workbench::add(Workload workload, const QString &path)
{
    m_workloads.push_back({std::move(workload), path});
    Q_EMIT workloadAdded(int(m_workloads.size()) - 1);
}

void Workbench::setCurrent(int index)
{
    if (index < 0 || std::size_t(index) >= m_workloads.size() || index == m_current)
        return;
    m_current = index;
    Q_EMIT currentChanged(index);
    // The previous workload's run does not stay under the new lesson.
    if (!isRunning() && m_last && m_last->workload != currentWorkload().name) {
        m_last.reset();
        Q_EMIT lastCleared();
    }
}

const Workload &Workbench::currentWorkload() const
{
    return m_workloads.at(std::size_t(std::max(0, m_current))).workload;
}

const QString &Workbench::currentPath() const
{
    return m_workloads.at(std::size_t(std::max(0, m_current))).path;
}

int Workbench::indexOf(const QString &name) const
{
    const auto it = std::find_if(m_workloads.begin(), m_workloads.end(),
                                 [&](const WorkloadEntry &e) { return e.workload.name == name; });
    return it == m_workloads.end() ? -1 : int(it - m_workloads.begin());
}

QString Workbench::uniqueName(const QString &name, const QString &path) const
{
    const auto taken = [&](const QString &candidate) {
        return std::any_of(m_workloads.begin(), m_workloads.end(), [&](const WorkloadEntry &e) {
            return e.workload.name == candidate && e.path != path;
        });
    };
    // Results are kept by name: a file's "square-cube" must not join the built-in's bars.
    QString unique = name;
    for (int n = 1; taken(unique); ++n)
        unique = n == 1
                     ? QStringLiteral("%1 (%2)").arg(name, QFileInfo(path).fileName())
                     : QStringLiteral("%1 (%2, %3)").arg(name, QFileInfo(path).fileName()).arg(n);
    return unique;
}

bool Workbench::select(const QString &nameOrPath, QString *error)
{
    if (!isWorkloadFile(nameOrPath)) {
        for (std::size_t i = 0; i < m_workloads.size(); ++i) {
            if (m_workloads[i].path.isEmpty() && m_workloads[i].workload.name == nameOrPath) {
                setCurrent(int(i));
                return true;
            }
        }
        *error = openWorkload(nameOrPath).error;
        return false;
    }
    const QFileInfo file(nameOrPath);
    const QString path = file.exists() ? file.canonicalFilePath() : file.absoluteFilePath();
    const auto known = std::find_if(m_workloads.begin(), m_workloads.end(),
                                    [&](const WorkloadEntry &e) { return e.path == path; });
    if (known != m_workloads.end()) {
        // Opened before: the same entry, read afresh.
        const int index = int(known - m_workloads.begin());
        setCurrent(index);
        return reload(index, error);
    }
    WorkloadParse parsed = openWorkloadFile(path);
    if (!parsed.workload) {
        *error = parsed.error;
        return false;
    }
    parsed.workload->name = uniqueName(parsed.workload->name, path);
    add(std::move(*parsed.workload), path);
    setCurrent(int(m_workloads.size()) - 1);
    return true;
}

bool Workbench::reload(int index, QString *error)
{
    WorkloadEntry &entry = m_workloads.at(std::size_t(index));
    if (entry.path.isEmpty())
        return true;
    WorkloadParse parsed = openWorkloadFile(entry.path);
    if (!parsed.workload) {
        *error = parsed.error;
        return false;
    }
    parsed.workload->name = uniqueName(parsed.workload->name, entry.path);
    entry.workload = std::move(*parsed.workload);
    Q_EMIT workloadReloaded(index);
    return true;
}

bool Workbench::isRunning() const
{
    return m_controller->isRunning();
}

bool Workbench::start(std::vector<RunOptions> batch, QString *error)
{
    return m_controller->startBatch(currentWorkload(), std::move(batch), error);
}

std::vector<RunOptions> Workbench::sweepBatch(const RunOptions &now, int repeats, QString *error)
{
    if (m_last && m_last->traits().usesWorkers)
        m_sweepMode = m_last->mode();
    if (now.workers > kMaxSweepPoints) {
        *error = QStringLiteral("A sweep runs every worker count from 1 to the slider's, at most "
                                "%1 counts: set the workers to %1 or fewer.")
                     .arg(kMaxSweepPoints);
        return {};
    }
    std::vector<RunOptions> batch;
    for (int w = 1; w <= std::max(2, now.workers); ++w) {
        RunOptions options = now;
        options.mode = m_sweepMode;
        options.workers = w;
        batch.insert(batch.end(), std::size_t(repeats), options);
    }
    return batch;
}

void Workbench::onFinished(const std::shared_ptr<const RunResult> &run)
{
    m_runs.add(run);
    const QByteArray prepared = m_controller->takePrepared();
    if (m_library && m_keep) {
        QString error;
        const bool stored = prepared.isEmpty()
                                ? m_library->store(*run, &error).has_value()
                                : m_library->store(*run, prepared, &error).has_value();
        if (!stored)
            Q_EMIT keepFailed(error);
        Q_EMIT libraryChanged();
    }
    m_last = run;
    Q_EMIT runFinished(run);
}

void Workbench::show(std::shared_ptr<const RunResult> run)
{
    m_last = std::move(run);
}

void Workbench::togglePin()
{
    m_pinned = m_pinned || !m_last ? nullptr : m_last;
}

Lesson Workbench::lessonOf(const RunResult &run) const
{
    const ResultEntry *entry = m_runs.find(run);
    const ResultEntry *base = m_runs.baseline(run);
    // The baseline's median, whether its runs are this session's or recalled from the library.
    const auto baseNs = base != nullptr
                            ? std::optional<std::int64_t>(std::llround(base->wallMs().median * 1e6))
                            : std::nullopt;
    if (entry != nullptr && run.ok() && !entry->runs.empty())
        return explainRepeats(entry->all(), base ? base->all() : std::vector<const RunResult *>(),
                              baseNs);
    return explainRun(run, baseNs);
}

QString Workbench::titleOf(const RunResult &run) const
{
    QString line = runTitle(run);
    if (const auto speedup = m_runs.speedup(run, double(run.wallNs) / 1e6))
        line += QStringLiteral(" · %1 sequential").arg(speedupText(*speedup));
    return line;
}

std::vector<const ResultEntry *> Workbench::sweepFamily(const RunOptions &now) const
{
    const Workload &w = currentWorkload();
    RunOptions sweep = now;
    sweep.mode = m_sweepMode;
    const QString label = configLabel(sweep, w);
    std::vector<const ResultEntry *> family;
    for (const ResultEntry *e : m_runs.entries(w.name)) {
        RunOptions o = e->spec.options;
        o.workers = sweep.workers;
        o.nice = sweep.nice;
        o.limited = sweep.limited;
        if (configLabel(o, w) == label)
            family.push_back(e);
    }
    return family;
}

// A configuration that belongs to a sweep (of two or more counts) is drawn on the sweep
// chart, not as a bar, except the count the slider is at.
bool Workbench::isSwept(const ResultEntry &entry, const RunOptions &now) const
{
    if (entry.spec.mode() != m_sweepMode || entry.spec.options.workers == now.workers)
        return false;
    const auto family = sweepFamily(now);
    return family.size() >= 2 && std::find(family.begin(), family.end(), &entry) != family.end();
}

std::vector<ResultBar> Workbench::resultBars(const RunOptions &now) const
{
    std::vector<ResultBar> bars;
    for (Mode mode : allModes()) {
        for (const ResultEntry *e : m_runs.entries(currentWorkload().name)) {
            if (e->spec.mode() == mode && !isSwept(*e, now))
                bars.push_back({e->label, mode, e->wallMs(), m_runs.speedup(*e)});
        }
    }
    return bars;
}

std::vector<SweepPoint> Workbench::sweepPoints(const RunOptions &now, int *calls) const
{
    std::vector<SweepPoint> points;
    *calls = 0;
    for (const ResultEntry *e : sweepFamily(now)) {
        points.push_back({e->spec.options.workers, e->wallMs()});
        if (!e->runs.empty() && e->runs.back()->trace.info)
            *calls = int(e->runs.back()->trace.info->calls.size());
    }
    return points;
}

std::shared_ptr<const RunResult> Workbench::sweptRun(const RunOptions &now, int workers)
{
    for (const ResultEntry *e : sweepFamily(now)) {
        if (e->spec.options.workers != workers)
            continue;
        if (auto median = e->median())
            return median;
        QString error;
        if (const auto id = e->medianRecalled(); id && m_library) {
            if (auto run = readKept(*id, &error)) {
                // Read once: from now on it is one of this session's runs.
                m_runs.promote(*id, run);
                return run;
            }
        }
    }
    return nullptr;
}

void Workbench::setLibrary(std::unique_ptr<RunLibrary> library)
{
    m_library = std::move(library);
    prepareToKeep();
    recall();
}

void Workbench::setKeepRuns(bool keep)
{
    m_keep = keep;
    prepareToKeep();
}

// Runs to be kept are encoded where their trace is collected, off the UI thread.
void Workbench::prepareToKeep()
{
    if (m_library && m_keep)
        m_controller->setPrepare(encodeStoredRun);
    else
        m_controller->setPrepare({});
}

// The results chart starts from the kept runs' summary rows, so it survives a restart without
// reading a run: the newest of the workloads this window knows, oldest first.
void Workbench::recall()
{
    if (!m_library)
        return;
    std::vector<StoredRunSummary> rows;
    std::size_t older = 0;
    for (StoredRunSummary &s : m_library->list()) {
        if (rows.size() >= kRecalled || !s.ok || s.cancelled || indexOf(s.workload) < 0)
            continue;
        // A run kept without its options in its row is read whole, as few and small as that
        // allows.
        if (!s.options && (older++ >= kReadWhole || s.bytes > kReadWholeBytes))
            continue;
        rows.push_back(std::move(s));
    }
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
        QString error;
        if (!it->options) {
            if (auto run = readKept(it->id, &error))
                m_runs.add(std::move(run));
            continue;
        }
        const Workload &w = m_workloads[std::size_t(indexOf(it->workload))].workload;
        m_runs.recall(RunSpec(w, *it->options), it->config, {it->id, double(it->wallNs) / 1e6});
    }
}

std::shared_ptr<const RunResult> Workbench::loadRun(qint64 id, QString *error)
{
    if (!m_library) {
        *error = QStringLiteral("there is no run library (--no-history)");
        return nullptr;
    }
    auto run = m_library->load(id, error);
    if (!run)
        return nullptr;
    if (const int known = indexOf(run->workload); known >= 0) {
        setCurrent(known);
    } else if (WorkloadParse parsed = parseWorkload(run->document, run->workload);
               parsed.workload) {
        // A workload this window has not opened (a file since changed or gone): as it ran.
        parsed.workload->name = run->workload;
        add(std::move(*parsed.workload), {});
        setCurrent(int(m_workloads.size()) - 1);
    }
    attachProgramOf(*run);
    return std::make_shared<const RunResult>(std::move(*run));
}

std::shared_ptr<const RunResult> Workbench::readKept(qint64 id, QString *error) const
{
    auto run = m_library->load(id, error);
    if (!run)
        return nullptr;
    attachProgramOf(*run);
    return std::make_shared<const RunResult>(std::move(*run));
}

// The program a kept run ran, for its lesson: the open workload's when it is the same text,
// else compiled from the text the run keeps.
void Workbench::attachProgramOf(RunResult &run) const
{
    const int known = indexOf(run.workload);
    if (known >= 0 && m_workloads[std::size_t(known)].workload.document == run.document) {
        attachProgram(run, m_workloads[std::size_t(known)].workload.program);
    } else if (WorkloadParse parsed = parseWorkload(run.document, run.workload); parsed.workload) {
        attachProgram(run, parsed.workload->program);
    }
}

} // namespace interleave::ui
