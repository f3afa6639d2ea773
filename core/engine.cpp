#include "engine.h"

#include "compute.h"
#include "enumnames.h"
#include "fifopool.h"
#include "gil.h"
#include "logging.h"
#include "processmode.h"
#include "recorder.h"
#include "runcontext.h"
#include "stopsource.h"

#include <QScopeGuard>
#include <QThread>

#include <array>
#include <pthread.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace interleave {

namespace {
constexpr std::array<const char *, 4> kModeNames = {"sequential", "threads", "pool", "processes"};
} // namespace

QString modeName(Mode mode)
{
    return enumName(kModeNames, mode);
}

std::optional<Mode> modeFromName(const QString &name)
{
    return enumFromName<Mode>(kModeNames, name);
}

const std::vector<Mode> &allModes()
{
    static const std::vector<Mode> modes = {Mode::Sequential, Mode::Threads, Mode::Pool,
                                            Mode::Processes};
    return modes;
}

int defaultWorkers()
{
    return std::max(1, QThread::idealThreadCount());
}

QString checkOptions(const RunOptions &options)
{
    if (options.workers != 0 && (options.workers < kMinWorkers || options.workers > kMaxWorkers)) {
        return QStringLiteral("worker count %1 is out of range: use %2 to %3")
            .arg(options.workers)
            .arg(kMinWorkers)
            .arg(kMaxWorkers);
    }
    if (options.gil && !(options.switchIntervalMs >= kMinSwitchIntervalMs &&
                         options.switchIntervalMs <= kMaxSwitchIntervalMs)) {
        return QStringLiteral("switch interval %1 ms is out of range: use %2 to %3 ms")
            .arg(options.switchIntervalMs)
            .arg(kMinSwitchIntervalMs)
            .arg(kMaxSwitchIntervalMs);
    }
    if (options.mode == Mode::Processes) {
        QStringList searched;
        if (findWorkerExecutable(&searched).isEmpty()) {
            return QStringLiteral("processes mode needs interleave-worker, which is not installed "
                                  "(looked for %1)")
                .arg(searched.join(QStringLiteral(", ")));
        }
    }
    return {};
}

RunContext::RunContext(const Workload &w, Recorder &r, StopSource &s)
    : workload(w), recorder(r), stop(s), calls(w.calls()), results(calls.size()),
      pid(Pid(::getpid()))
{
    for (const Task &task : w.tasks) {
        for (const Step &step : task.steps) {
            if (step.kind == Step::Kind::Add || (step.kind == Step::Kind::Set && !step.local))
                globals.try_emplace(step.name, std::make_unique<GlobalVariable>());
            if (step.kind == Step::Kind::Lock)
                mutexes.try_emplace(step.name, std::make_unique<std::mutex>());
            if (step.kind == Step::Kind::Add && !step.lock.isEmpty())
                mutexes.try_emplace(step.lock, std::make_unique<std::mutex>());
        }
    }
}

RunContext::~RunContext() = default;

void RunContext::addGlobalPlaceholders(QMap<QString, QString> &vars) const
{
    for (const auto &[name, g] : globals)
        vars.insert(QStringLiteral("global:") + name,
                    QString::number(g->value.load(std::memory_order_relaxed)));
}

void RunContext::fail(const QString &message)
{
    {
        std::lock_guard lock(m_errorMutex);
        if (m_error.isEmpty())
            m_error = message;
    }
    stop.requestStop();
}

QString RunContext::error() const
{
    std::lock_guard lock(m_errorMutex);
    return m_error;
}

namespace {

Tid currentTid()
{
    return Tid(::gettid());
}

void nameOsThread(const QString &name)
{
    // The kernel keeps 15 bytes; enough for top and gdb to tell the threads apart.
    pthread_setname_np(pthread_self(), name.toUtf8().left(15).constData());
}

// The modes that run calls on threads of this process, and what every mode shares.
class Runner
{
public:
    Runner(const Workload &workload, Recorder &recorder, StopSource &stop)
        : m_ctx(workload, recorder, stop)
    {}

    RunResult run(const RunOptions &options)
    {
        RunResult result;
        result.workload = m_ctx.workload.name;
        result.mode = options.mode;
        result.pid = m_ctx.pid;
        const int workers = options.workers > 0 ? options.workers : defaultWorkers();
        result.options = options;
        TrackWriter &main =
            m_ctx.recorder.addTrack(m_ctx.pid, currentTid(), QStringLiteral("MainThread"));
        if (options.gil && (options.mode == Mode::Threads || options.mode == Mode::Pool)) {
            TrackWriter &lane =
                m_ctx.recorder.addTrack(m_ctx.pid, Tid(0), QStringLiteral("GIL"), TrackRole::Gil);
            m_ctx.gil = std::make_unique<Gil>(
                std::chrono::nanoseconds(std::llround(options.switchIntervalMs * 1e6)), lane,
                m_ctx.stop);
        }
        switch (options.mode) {
        case Mode::Sequential:
            result.workers = 1;
            runSequential(main);
            break;
        case Mode::Threads:
            result.workers = static_cast<int>(m_ctx.calls.size());
            runThreads(main);
            break;
        case Mode::Pool:
            result.workers = workers;
            runPool(main, workers);
            break;
        case Mode::Processes: {
            ProcessMode processes(m_ctx, main, workers, findWorkerExecutable());
            processes.run();
            result.workers = processes.started();
            break;
        }
        }
        if (!m_ctx.stop.stopRequested())
            printEpilogue(main);
        result.wallNs = m_ctx.recorder.elapsedNs();
        result.error = m_ctx.error();
        result.cancelled = m_ctx.stop.stopRequested() && result.error.isEmpty();
        result.results = std::move(m_ctx.results);
        for (const auto &[name, g] : m_ctx.globals)
            result.globals.push_back({name, g->value.load(), g->adds.load(), g->sets.load()});
        result.trace = m_ctx.recorder.snapshot();
        return result;
    }

private:
    // The caller's own sleep before it starts a task (the seed's time.sleep(0.5) between two
    // thread starts). False when stopped.
    bool delayBefore(TrackWriter &main, const Task &task)
    {
        if (task.startDelayNs <= 0)
            return !m_ctx.stop.stopRequested();
        main.begin(TaskId(), SpanKind::Wait, clock::ticks());
        const bool done = m_ctx.stop.waitFor(std::chrono::nanoseconds(task.startDelayNs));
        main.end(clock::ticks());
        return done;
    }

    QMap<QString, QString> placeholders(const QString &threadName) const
    {
        return {{QStringLiteral("thread"), threadName},
                {QStringLiteral("pid"), QString::number(m_ctx.pid.value())},
                {QStringLiteral("tid"), QString::number(currentTid().value())}};
    }

    // A thread's own variables (Python's threading.local), kept across the calls it runs.
    using Locals = QMap<QString, long long>;

    QString fill(const QString &text, QMap<QString, QString> &vars, const Locals &locals) const
    {
        if (text.contains(QLatin1String("{global:")))
            m_ctx.addGlobalPlaceholders(vars);
        if (text.contains(QLatin1String("{local:"))) {
            for (auto it = locals.begin(); it != locals.end(); ++it)
                vars.insert(QStringLiteral("local:") + it.key(), QString::number(it.value()));
        }
        return expandPlaceholders(text, vars);
    }

    // Takes `mutex` for `track`; while it has to wait, the GIL is given up (as CPython's
    // lock.acquire() does) and the wait is a lock-wait span. False when stopped.
    bool lockMutex(std::mutex &mutex, TrackWriter &track, TaskId id)
    {
        if (mutex.try_lock())
            return true;
        Gil *gil = m_ctx.gil.get();
        if (gil != nullptr)
            gil->release(track);
        track.begin(id, SpanKind::LockWait, clock::ticks());
        mutex.lock();
        track.end(clock::ticks());
        if (gil != nullptr && !gil->acquire(track, id)) {
            mutex.unlock();
            return false;
        }
        return true;
    }

    // `global += 1`, `times` times: a read, then a write, as Python's bytecode does it, so
    // that threads without the lock really overwrite each other's updates.
    bool addToGlobal(const Step &step, TrackWriter &track, TaskId id)
    {
        GlobalVariable &g = *m_ctx.globals.at(step.name);
        std::mutex *mutex = step.lock.isEmpty() ? nullptr : m_ctx.mutexes.at(step.lock).get();
        Gil *gil = m_ctx.gil.get();
        std::int64_t done = 0;
        for (; done < step.times; ++done) {
            if ((done & 1023) == 0 && m_ctx.stop.stopRequested())
                break;
            if (mutex != nullptr && !lockMutex(*mutex, track, id))
                break;
            const long long read = g.value.load(std::memory_order_relaxed);
            // The interpreter may switch threads between the read and the write.
            if (gil != nullptr && gil->dropRequested() && !gil->yield(track, id)) {
                if (mutex != nullptr)
                    mutex->unlock();
                break;
            }
            g.value.store(read + 1, std::memory_order_relaxed);
            if (mutex != nullptr)
                mutex->unlock();
        }
        g.adds.fetch_add(done, std::memory_order_relaxed);
        return done == step.times;
    }

    // Runs one call's steps on the calling thread. False when stopped part-way.
    bool runCall(TrackWriter &track, const QString &threadName, TaskId id, Locals &locals)
    {
        const Task &task = *m_ctx.calls[id.value()];
        Gil *gil = m_ctx.gil.get();
        if (gil != nullptr && !gil->acquire(track, id))
            return false;
        std::vector<std::mutex *> held; // released on every way out
        const auto cleanup = qScopeGuard([&] {
            for (auto it = held.rbegin(); it != held.rend(); ++it)
                (*it)->unlock();
            if (gil != nullptr)
                gil->release(track);
        });
        auto vars = placeholders(threadName);
        track.event(id, EventKind::TaskStarted, clock::ticks());
        for (const Step &step : task.steps) {
            switch (step.kind) {
            case Step::Kind::Print:
                track.event(id, EventKind::Print, clock::ticks(), fill(step.text, vars, locals));
                break;
            case Step::Kind::Wait: {
                // Blocking I/O releases the GIL and takes it back afterwards.
                if (gil != nullptr)
                    gil->release(track);
                track.begin(id, SpanKind::Wait, clock::ticks());
                const bool done = m_ctx.stop.waitFor(std::chrono::nanoseconds(step.waitNs));
                track.end(clock::ticks());
                if (!done || (gil != nullptr && !gil->acquire(track, id)))
                    return false;
                break;
            }
            case Step::Kind::Compute: {
                track.begin(id, SpanKind::Compute, clock::ticks());
                bool stopped = false;
                const auto primes = countPrimes(step.primesFrom, step.primesTo, [&] {
                    if (m_ctx.stop.stopRequested())
                        return false;
                    if (gil != nullptr && gil->dropRequested()) {
                        // Asked to let another thread run: the computation pauses, and the
                        // wait for the lock's return is a span of its own.
                        track.end(clock::ticks());
                        if (!gil->yield(track, id)) {
                            stopped = true;
                            return false;
                        }
                        track.begin(id, SpanKind::Compute, clock::ticks());
                    }
                    return true;
                });
                if (!stopped)
                    track.end(clock::ticks());
                if (!primes)
                    return false;
                vars.insert(QStringLiteral("primes"), QString::number(*primes));
                break;
            }
            case Step::Kind::Add:
                if (!addToGlobal(step, track, id))
                    return false;
                break;
            case Step::Kind::Set:
                if (step.local) {
                    locals.insert(step.name, step.value);
                } else {
                    GlobalVariable &g = *m_ctx.globals.at(step.name);
                    g.value.store(step.value, std::memory_order_relaxed);
                    g.sets.fetch_add(1, std::memory_order_relaxed);
                }
                break;
            case Step::Kind::Lock: {
                std::mutex &mutex = *m_ctx.mutexes.at(step.name);
                if (!lockMutex(mutex, track, id))
                    return false;
                held.push_back(&mutex);
                break;
            }
            case Step::Kind::Unlock:
                // The parser guarantees it is the lock taken last.
                held.back()->unlock();
                held.pop_back();
                break;
            }
        }
        m_ctx.results[id.value()] = fill(task.result, vars, locals);
        track.event(id, EventKind::TaskFinished, clock::ticks());
        return true;
    }

    void runSequential(TrackWriter &main)
    {
        Locals locals;
        for (std::size_t i = 0; i < m_ctx.calls.size(); ++i) {
            const TaskId id(static_cast<TaskId::value_type>(i));
            if (!delayBefore(main, *m_ctx.calls[i]))
                return;
            main.event(id, EventKind::TaskSubmitted, clock::ticks());
            if (!runCall(main, QStringLiteral("MainThread"), id, locals))
                return;
        }
    }

    void runThreads(TrackWriter &main)
    {
        std::vector<std::thread> threads;
        threads.reserve(m_ctx.calls.size());
        int unnamed = 0;
        for (std::size_t i = 0; i < m_ctx.calls.size(); ++i) {
            const TaskId id(static_cast<TaskId::value_type>(i));
            const Task &task = *m_ctx.calls[i];
            if (!delayBefore(main, task))
                break;
            // Python names an anonymous thread "Thread-N (target)".
            const QString name =
                !task.threadName.isEmpty()
                    ? task.threadName
                    : QStringLiteral("Thread-%1 (%2)").arg(++unnamed).arg(task.function);
            TrackWriter &track = m_ctx.recorder.addTrack(m_ctx.pid, Tid(0), name);
            const auto submitted = clock::ticks();
            main.event(id, EventKind::TaskSubmitted, submitted);
            // Opened here, closed by the new thread: starting a thread is the hand-over.
            track.begin(id, SpanKind::Queued, submitted);
            try {
                threads.emplace_back([this, &track, name, id] {
                    nameOsThread(name);
                    track.setTid(currentTid());
                    track.end(clock::ticks());
                    Locals locals;
                    if (!m_ctx.stop.stopRequested())
                        runCall(track, name, id, locals);
                });
            } catch (const std::system_error &e) {
                m_ctx.fail(QStringLiteral("could not start thread %1 of %2: %3")
                               .arg(i + 1)
                               .arg(m_ctx.calls.size())
                               .arg(QString::fromLocal8Bit(e.what())));
                break;
            }
        }
        for (std::thread &t : threads)
            t.join();
    }

    void runPool(TrackWriter &main, int maxWorkers)
    {
        // Indexed by worker; each element is written before its thread starts (onSpawn) or
        // only by its own worker afterwards, so no element is shared between threads.
        std::vector<TrackWriter *> tracks(static_cast<std::size_t>(maxWorkers), nullptr);
        std::vector<clock::Ticks> freeSince(static_cast<std::size_t>(maxWorkers), 0);
        std::vector<char> started(static_cast<std::size_t>(maxWorkers), 0);
        std::vector<Locals> locals(static_cast<std::size_t>(maxWorkers));
        FifoPool pool(maxWorkers, [&](int w) {
            tracks[std::size_t(w)] = &m_ctx.recorder.addTrack(
                m_ctx.pid, Tid(0), QStringLiteral("ThreadPoolExecutor-0_%1").arg(w));
        });
        for (std::size_t i = 0; i < m_ctx.calls.size(); ++i) {
            const TaskId id(static_cast<TaskId::value_type>(i));
            if (!delayBefore(main, *m_ctx.calls[i]))
                break;
            const auto submitted = clock::ticks();
            main.event(id, EventKind::TaskSubmitted, submitted);
            try {
                pool.submit([&, id, submitted](int w) {
                    const auto slot = std::size_t(w);
                    TrackWriter &track = *tracks[slot];
                    if (!started[slot]) {
                        started[slot] = 1;
                        nameOsThread(track.name());
                        track.setTid(currentTid());
                    }
                    // Queued: from when the task could have run on this worker (submitted,
                    // or this worker became free) until it did.
                    track.span(id, SpanKind::Queued, std::max(submitted, freeSince[slot]),
                               clock::ticks());
                    if (!m_ctx.stop.stopRequested())
                        runCall(track, track.name(), id, locals[slot]);
                    freeSince[slot] = clock::ticks();
                });
            } catch (const std::system_error &e) {
                m_ctx.fail(QStringLiteral("could not start a pool thread: %1")
                               .arg(QString::fromLocal8Bit(e.what())));
                break;
            }
        }
        pool.shutdown(m_ctx.stop.stopRequested());
    }

    void printEpilogue(TrackWriter &main)
    {
        auto vars = placeholders(QStringLiteral("MainThread"));
        m_ctx.addGlobalPlaceholders(vars);
        QStringList results;
        for (const QString &r : m_ctx.results)
            results << r;
        vars.insert(QStringLiteral("results"), results.join(QLatin1Char(' ')));
        for (const QString &line : m_ctx.workload.epilogue)
            main.event(TaskId(), EventKind::Print, clock::ticks(), expandPlaceholders(line, vars));
    }

    RunContext m_ctx;
};

} // namespace

RunResult execute(const Workload &workload, const RunOptions &options, Recorder &recorder,
                  StopSource &stop)
{
    if (const QString problem = checkOptions(options); !problem.isEmpty()) {
        RunResult refused;
        refused.workload = workload.name;
        refused.mode = options.mode;
        refused.error = problem;
        return refused;
    }
    qCDebug(lcEngine) << "run" << workload.name << modeName(options.mode) << options.workers;
    return Runner(workload, recorder, stop).run(options);
}

} // namespace interleave
