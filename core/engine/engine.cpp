#include "engine.h"

#include "budget.h"

#include "compiler.h"
#include "fifopool.h"
#include "gil.h"
#include "interpreter.h"
#include "logging.h"
#include "machine.h"
#include "processmode.h"
#include "recorder.h"
#include "runcontext.h"
#include "stopsource.h"
#include "threadhost.h"

#include <condition_variable>
#include <pthread.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace interleave {

RunContext::RunContext(const Workload &w, const RunOptions &o, Recorder &r, StopSource &s)
    : workload(w), program(*w.program), options(o), recorder(r), stop(s), pid(Pid(::getpid())),
      memory(*w.program), out(o.buffering), lockGraph(w.program->locks)
{}

RunContext::~RunContext() = default;

CallInfo RunContext::callInfo(std::size_t call) const
{
    const CallSpec &c = calls.at(call);
    return {QString::fromStdString(program.functions[std::size_t(c.function)].name),
            argsText(c.args)};
}

QString RunContext::argsText(const std::vector<lang::Value> &args)
{
    std::string text;
    for (const lang::Value &a : args) {
        if (!text.empty())
            text += ", ";
        text += lang::shortRepr(a);
    }
    return QString::fromStdString(text);
}

QString RunContext::label(std::size_t call) const
{
    return callInfo(call).label();
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

void RunContext::deadlock(const std::vector<LockGraph::Link> &cycle)
{
    {
        std::lock_guard lock(m_errorMutex);
        if (!m_error.isEmpty())
            return; // another thread of the cycle saw it first
        m_error = QString::fromStdString(describeCycle(cycle, program.lockNames));
        for (const LockGraph::Link &link : cycle)
            m_deadlockMarks.emplace_back(
                link.thread.key, QString::fromStdString(describeLink(link, program.lockNames)));
    }
    stop.requestStop();
}

std::optional<QString> RunContext::deadlockMark(const void *thread) const
{
    std::lock_guard lock(m_errorMutex);
    for (const auto &[key, text] : m_deadlockMarks)
        if (key == thread)
            return text;
    return std::nullopt;
}

bool RunContext::deadlocked() const
{
    std::lock_guard lock(m_errorMutex);
    return !m_deadlockMarks.empty();
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

QString text(const std::string &s)
{
    return QString::fromStdString(s);
}

// The modes that run calls on threads of this process, and what every mode shares.

// Threads that are joined as they finish, each time a new one starts, so that a run of
// 1,000,000 calls never has more threads (and stacks) at once than are really running.
class JoiningThreads
{
public:
    explicit JoiningThreads(std::size_t count) : m_threads(count) {}
    ~JoiningThreads() { joinAll(); }
    JoiningThreads(const JoiningThreads &) = delete;
    JoiningThreads &operator=(const JoiningThreads &) = delete;

    // Runs `body` on a new thread, the i-th. Throws std::system_error when it cannot start.
    template <typename Body> void start(std::size_t i, Body body)
    {
        joinFinished();
        m_threads[i] = std::thread([this, i, body = std::move(body)] {
            body();
            std::lock_guard lock(m_mutex);
            m_finished.push_back(i);
        });
    }

    void joinAll()
    {
        for (std::thread &t : m_threads)
            if (t.joinable())
                t.join();
    }

private:
    void joinFinished()
    {
        std::vector<std::size_t> done;
        {
            std::lock_guard lock(m_mutex);
            done.swap(m_finished);
        }
        for (std::size_t i : done)
            m_threads[i].join();
    }

    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::vector<std::size_t> m_finished; // ended, not yet joined
};

class Runner
{
public:
    Runner(const Workload &workload, const RunOptions &options, Recorder &recorder,
           StopSource &stop)
        : m_ctx(workload, options, recorder, stop)
    {}

    RunResult run()
    {
        const RunOptions &options = m_ctx.options;
        RunResult result;
        static_cast<RunSpec &>(result) = RunSpec(m_ctx.workload, options);
        result.pid = m_ctx.pid;
        result.program = m_ctx.workload.program;
        for (const std::string &name : result.program->globals)
            result.globalNames.push_back(QString::fromStdString(name));
        result.document = m_ctx.workload.document;
        TrackWriter &main =
            m_ctx.recorder.addTrack(m_ctx.pid, currentTid(), QStringLiteral("MainThread"));
        if (gilHolds(options)) {
            TrackWriter &lane =
                m_ctx.recorder.addTrack(m_ctx.pid, Tid(0), QStringLiteral("GIL"), TrackRole::Gil);
            m_ctx.gil = std::make_unique<Gil>(
                std::chrono::nanoseconds(std::llround(options.switchIntervalMs * 1e6)), lane,
                m_ctx.stop);
        }
        ThreadHost host(m_ctx, main);
        lang::Interpreter interpreter(m_ctx.program, host);
        if (!m_ctx.out.isOpen())
            m_ctx.fail(m_ctx.out.error());
        else if (prepare(host, interpreter)) {
            result.workers = dispatch(host, interpreter);
            if (!m_ctx.stop.stopRequested())
                runAfter(host, interpreter);
        }
        m_ctx.out.finish(main);
        result.wallNs = m_ctx.recorder.elapsedNs();
        result.error = m_ctx.error();
        result.deadlock = m_ctx.deadlocked();
        result.cancelled = m_ctx.stop.stopRequested() && result.error.isEmpty();
        result.results = std::move(m_ctx.results);
        result.globals = m_ctx.memory.snapshot();
        result.stdoutBytes = m_ctx.out.stream();
        return result;
    }

private:
    int dispatch(ThreadHost &mainHost, lang::Interpreter &mainInterpreter)
    {
        TrackWriter &main = mainHost.track();
        switch (m_ctx.options.mode) {
        case Mode::Sequential:
            // The main thread's own interpreter: its thread-local data lasts into "after".
            runSequential(mainHost, mainInterpreter);
            return 1;
        case Mode::Threads:
            return runThreads(mainHost);
        case Mode::Pool:
            return runPool(main, m_ctx.options.effectiveWorkers());
        case Mode::Processes: {
            ProcessMode processes(m_ctx, main, m_ctx.options.effectiveWorkers(),
                                  findWorkerExecutable());
            processes.run();
            return processes.started();
        }
        }
        return 0;
    }

    // Runs `what` as the main thread's program; false (and the run failed or stopped) when it
    // raised or was stopped.
    template <typename F> bool onMain(ThreadHost &host, F &&what)
    {
        try {
            const GilTurn turn(host);
            what();
            return true;
        } catch (const lang::RuntimeError &e) {
            m_ctx.fail(text(e.message));
        } catch (const lang::Stopped &) {
        }
        return false;
    }

    // The globals' first values and the options, then the calls with their arguments, as the
    // module's top level would compute them before starting anything. All of it is on the
    // main thread's "running Python code" span, as CPython's executor.map makes its futures
    // there: a million calls take a second to set up, which the timeline shows.
    bool prepare(ThreadHost &host, lang::Interpreter &interpreter)
    {
        const lang::Program &p = m_ctx.program;
        auto info = std::make_shared<RunInfo>();
        const bool ok = onMain(host, [&] {
            // Options first: a global's first value may depend on one.
            const auto values = RunSpec(m_ctx.workload, m_ctx.options).optionValues();
            for (const lang::Option &o : p.options)
                m_ctx.memory.store(o.slot, lang::Value::boolean(values.value(text(o.name))));
            for (const auto &[slot, expr] : p.initial)
                m_ctx.memory.store(slot, interpreter.evaluate(expr));
            for (const lang::CallEntry &entry : p.calls)
                addCalls(entry, interpreter);
            m_ctx.results.resize(m_ctx.calls.size());
            labelCalls(*info);
        });
        m_ctx.recorder.setInfo(std::move(info));
        return ok;
    }

    void labelCalls(RunInfo &info) const
    {
        // One name per function, shared by its calls: 1,000,000 calls make no 1,000,000 copies.
        std::vector<QString> names;
        for (const lang::Function &f : m_ctx.program.functions)
            names.push_back(text(f.name));
        info.calls.reserve(m_ctx.calls.size());
        for (const CallSpec &c : m_ctx.calls)
            info.calls.push_back({names[std::size_t(c.function)], RunContext::argsText(c.args)});
    }

    void addCalls(const lang::CallEntry &entry, lang::Interpreter &interpreter)
    {
        CallSpec spec;
        spec.threadName = text(entry.threadName);
        if (entry.delay) {
            const lang::Value d = interpreter.evaluate(*entry.delay);
            if (!d.isNumber() || !(d.asFloat() >= 0 && d.asFloat() <= 3600))
                throw lang::RuntimeError{m_ctx.program.where(entry.pos) +
                                         ": a call's delay must be 0 to 3600 seconds, not " +
                                         d.repr()};
            spec.delayNs = std::llround(d.asFloat() * 1e9);
        }
        std::vector<std::vector<lang::Value>> argLists;
        if (entry.mapFunction < 0) {
            spec.function = entry.call.slot;
            std::vector<lang::Value> args;
            for (const lang::Expr &a : entry.call.kids)
                args.push_back(interpreter.evaluate(a));
            argLists.push_back(std::move(args));
        } else {
            spec.function = entry.mapFunction;
            const lang::Value over = interpreter.evaluate(entry.call);
            if (over.kind() == lang::Value::Kind::Range) {
                const lang::Range r = over.asRange();
                for (std::int64_t i = 0; i < r.size() && i <= lang::kMaxCalls; ++i)
                    argLists.push_back({lang::Value::integer(r.at(i))});
            } else if (over.kind() == lang::Value::Kind::List) {
                for (const lang::Value &v : over.asList())
                    argLists.push_back({v});
            } else {
                throw lang::RuntimeError{m_ctx.program.where(entry.pos) +
                                         ": map needs a list or range to go over, not " +
                                         over.typeName()};
            }
        }
        m_ctx.calls.reserve(m_ctx.calls.size() +
                            std::min<std::size_t>(argLists.size() * std::size_t(entry.repeat),
                                                  std::size_t(lang::kMaxCalls)));
        for (std::int64_t r = 0; r < entry.repeat; ++r) {
            const bool last = r + 1 == entry.repeat; // the argument lists can move
            for (auto &args : argLists) {
                if (std::int64_t(m_ctx.calls.size()) >= lang::kMaxCalls)
                    throw lang::RuntimeError{m_ctx.program.where(entry.pos) + ": more than " +
                                             std::to_string(lang::kMaxCalls) + " calls in all"};
                CallSpec &added = m_ctx.calls.emplace_back(spec);
                added.args = last ? std::move(args) : args;
            }
        }
    }

    void runAfter(ThreadHost &host, lang::Interpreter &interpreter)
    {
        host.setTask(TaskId());
        onMain(host, [&] {
            m_ctx.memory.store(m_ctx.program.resultsSlot, lang::Value::list(m_ctx.results));
            interpreter.run(m_ctx.program.after);
        });
    }

    // The caller's own sleep before it starts a call (the seed's time.sleep(0.5) between two
    // thread starts). False when stopped.
    bool delayBefore(TrackWriter &main, const CallSpec &call)
    {
        if (call.delayNs <= 0)
            return !m_ctx.stop.stopRequested();
        main.begin(TaskId(), SpanKind::Wait, clock::ticks());
        const bool done = m_ctx.stop.waitFor(std::chrono::nanoseconds(call.delayNs));
        main.end(clock::ticks());
        return done;
    }

    // Thread.start() returns once the new thread runs: the new thread says so here, holding
    // the GIL, as CPython's _bootstrap_inner sets _started.
    struct Started
    {
        std::mutex mutex;
        std::condition_variable cv;
        bool started = false;
        void signal()
        {
            {
                std::lock_guard lock(mutex);
                started = true;
            }
            cv.notify_all();
        }
    };

    // Runs one call on the calling thread. False when it failed or was stopped.
    bool runCall(ThreadHost &host, lang::Interpreter &interpreter, TaskId id,
                 Started *started = nullptr)
    {
        const CallSpec &call = m_ctx.calls[id.value()];
        host.setTask(id);
        TrackWriter &track = host.track();
        track.event(id, EventKind::TaskStarted, clock::ticks());
        try {
            const GilTurn turn(host);
            if (started != nullptr)
                started->signal();
            m_ctx.results[id.value()] = interpreter.call(call.function, call.args);
        } catch (const lang::RuntimeError &e) {
            m_ctx.fail(text(e.message));
            return false;
        } catch (const lang::Stopped &) {
            return false;
        }
        track.event(id, EventKind::TaskFinished, clock::ticks());
        return true;
    }

    void runSequential(ThreadHost &host, lang::Interpreter &interpreter)
    {
        TrackWriter &main = host.track();
        for (std::size_t i = 0; i < m_ctx.calls.size(); ++i) {
            const TaskId id(static_cast<TaskId::value_type>(i));
            if (!delayBefore(main, m_ctx.calls[i]))
                return;
            main.event(id, EventKind::TaskSubmitted, clock::ticks());
            if (!runCall(host, interpreter, id))
                return;
        }
    }

    // Under the GIL the main thread competes for it as CPython's does: t.start() is Python
    // code that needs the lock, and it waits until the new thread is running. (That contention
    // is what so often runs the seed's two first lines together.)
    void startedAndRunning(ThreadHost &mainHost, Started &started)
    {
        mainHost.leave();
        std::unique_lock lock(started.mutex);
        while (!started.started && !m_ctx.stop.stopRequested())
            started.cv.wait_for(lock, std::chrono::milliseconds(5));
        lock.unlock();
        mainHost.enter();
    }

    int runThreads(ThreadHost &mainHost)
    {
        TrackWriter &main = mainHost.track();
        const bool gil = m_ctx.gil != nullptr;
        JoiningThreads threads(m_ctx.calls.size());
        int count = 0;
        int unnamed = 0;
        // Creating and starting the threads is the module's own code (t.start() waits until
        // the thread runs): the main thread's row shows it as running Python.
        mainHost.beginTurn();
        for (std::size_t i = 0; i < m_ctx.calls.size(); ++i) {
            const TaskId id(static_cast<TaskId::value_type>(i));
            const CallSpec &call = m_ctx.calls[i];
            if (!delayBefore(main, call))
                break;
            // Python names an anonymous thread "Thread-N (target)".
            const QString name =
                !call.threadName.isEmpty()
                    ? call.threadName
                    : QStringLiteral("Thread-%1 (%2)")
                          .arg(++unnamed)
                          .arg(text(m_ctx.program.functions[std::size_t(call.function)].name));
            TrackWriter &track = m_ctx.recorder.addTrack(m_ctx.pid, Tid(0), name);
            // Shared with the thread, which signals it again as it ends.
            const auto signal = gil ? std::make_shared<Started>() : nullptr;
            try {
                if (gil)
                    mainHost.enter();
                const auto submitted = clock::ticks();
                main.event(id, EventKind::TaskSubmitted, submitted);
                // Opened here, closed by the new thread: starting a thread is the hand-over.
                track.begin(id, SpanKind::Queued, submitted);
                threads.start(i, [this, &track, id, signal] {
                    nameOsThread(track.name());
                    track.setTid(currentTid());
                    track.end(clock::ticks());
                    {
                        ThreadHost host(m_ctx, track);
                        lang::Interpreter interpreter(m_ctx.program, host);
                        if (!m_ctx.stop.stopRequested())
                            runCall(host, interpreter, id, signal.get());
                    }
                    track.finish(); // its host is gone: nothing more is recorded on it
                    if (signal != nullptr)
                        signal->signal(); // stopped or failed before it ran: let start() return
                });
                ++count;
                if (gil)
                    startedAndRunning(mainHost, *signal);
            } catch (const std::system_error &e) {
                track.end(clock::ticks());
                track.finish();
                m_ctx.fail(QStringLiteral("could not start thread %1 of %2: %3")
                               .arg(i + 1)
                               .arg(m_ctx.calls.size())
                               .arg(QString::fromLocal8Bit(e.what())));
                break;
            } catch (const lang::Stopped &) {
                break;
            }
        }
        mainHost.leave(); // join() waits without the GIL
        mainHost.endTurn();
        main.begin(TaskId(), SpanKind::Join, clock::ticks());
        threads.joinAll();
        main.end(clock::ticks());
        return count;
    }

    // One pool thread's own state, made on that thread when it takes its first call; its
    // interpreter keeps the thread's thread-local data from call to call.
    struct PoolWorker
    {
        TrackWriter *track = nullptr;
        clock::Ticks freeSince = 0;
        std::unique_ptr<ThreadHost> host;
        std::unique_ptr<lang::Interpreter> interpreter;
    };

    int runPool(TrackWriter &main, int maxWorkers)
    {
        // Indexed by worker; each element is written before its thread starts (onSpawn) or
        // only by its own worker afterwards, so no element is shared between threads.
        std::vector<PoolWorker> workers(static_cast<std::size_t>(maxWorkers));
        FifoPool pool(maxWorkers, [&](int w) {
            workers[std::size_t(w)].track = &m_ctx.recorder.addTrack(
                m_ctx.pid, Tid(0), QStringLiteral("ThreadPoolExecutor-0_%1").arg(w));
        });
        for (std::size_t i = 0; i < m_ctx.calls.size(); ++i) {
            const TaskId id(static_cast<TaskId::value_type>(i));
            if (!delayBefore(main, m_ctx.calls[i]))
                break;
            const auto submitted = clock::ticks();
            main.event(id, EventKind::TaskSubmitted, submitted);
            try {
                pool.submit([&, id, submitted](int w) {
                    PoolWorker &worker = workers[std::size_t(w)];
                    TrackWriter &track = *worker.track;
                    if (!worker.host) {
                        nameOsThread(track.name());
                        track.setTid(currentTid());
                        worker.host = std::make_unique<ThreadHost>(m_ctx, track);
                        worker.interpreter =
                            std::make_unique<lang::Interpreter>(m_ctx.program, *worker.host);
                    }
                    // Queued: from when the call could have run on this worker (submitted,
                    // or this worker became free) until it did.
                    track.span(id, SpanKind::Queued, std::max(submitted, worker.freeSince),
                               clock::ticks());
                    if (!m_ctx.stop.stopRequested())
                        runCall(*worker.host, *worker.interpreter, id);
                    worker.freeSince = clock::ticks();
                });
            } catch (const std::system_error &e) {
                m_ctx.fail(QStringLiteral("could not start a pool thread: %1")
                               .arg(QString::fromLocal8Bit(e.what())));
                break;
            }
        }
        const int started = pool.threadCount();
        // Leaving `with ThreadPoolExecutor(...)`: the main thread waits for every call.
        main.begin(TaskId(), SpanKind::Join, clock::ticks());
        pool.shutdown(m_ctx.stop.stopRequested());
        main.end(clock::ticks());
        return started;
    }

    RunContext m_ctx;
};

} // namespace

RunResult execute(const Workload &workload, const RunOptions &options, Recorder &recorder,
                  StopSource &stop)
{
    RunResult result = executeUntraced(workload, options, recorder, stop);
    result.trace = recorder.take();
    return result;
}

QString checkRun(const RunOptions &options, const Workload &workload)
{
    if (QString problem = checkOptions(options, workload); !problem.isEmpty())
        return problem;
    if (QString problem = checkWorkerInstalled(options.mode); !problem.isEmpty())
        return problem;
    return checkBudget(options, workload);
}

RunResult executeUntraced(const Workload &workload, const RunOptions &options, Recorder &recorder,
                          StopSource &stop)
{
    if (const QString problem = checkRun(options, workload); !problem.isEmpty()) {
        RunResult refused;
        static_cast<RunSpec &>(refused) = RunSpec(workload, options);
        refused.error = problem;
        return refused;
    }
    qCDebug(lcEngine) << "run" << workload.name << modeName(options.mode) << options.workers;
    const std::optional<double> load = loadAverage();
    const std::int64_t cpuBefore = cpuTimeNs();
    const std::optional<std::int64_t> machineBefore = machineCpuNs();
    RunResult result = Runner(workload, options, recorder, stop).run();
    result.loadAverage = load;
    result.cores = defaultWorkers();
    result.cpuNs = cpuTimeNs() - cpuBefore;
    if (const auto machineAfter = machineCpuNs(); machineBefore && machineAfter)
        result.othersCpuNs =
            std::max<std::int64_t>(0, *machineAfter - *machineBefore - result.cpuNs);
    return result;
}

} // namespace interleave
