#include "lessons.h"

#include <QLocale>

namespace interleave {

namespace {

QString number(long long n)
{
    return QLocale(QLocale::English).toString(n); // 200,000
}

bool usesStep(const Workload &w, Step::Kind kind, bool local = false)
{
    for (const Task &t : w.tasks) {
        for (const Step &s : t.steps) {
            if (s.kind == kind && (kind != Step::Kind::Set || s.local == local))
                return true;
        }
    }
    return false;
}

// How much of the calls' busy time was computation.
double computeShare(const Trace &trace)
{
    std::int64_t compute = 0;
    std::int64_t busy = 0;
    for (const Span &s : trace.spans) {
        const TrackInfo *t = trace.track(s.track);
        if (t == nullptr || t->role != TrackRole::Thread)
            continue;
        if (s.kind == SpanKind::Compute)
            compute += s.durationNs();
        if (s.kind == SpanKind::Compute || s.kind == SpanKind::Wait)
            busy += s.durationNs();
    }
    return busy > 0 ? double(compute) / double(busy) : 0.0;
}

// The call made only of short waits (io-vs-cpu's I/O thread): how long it took, and how
// long its waits asked for.
struct WaitingCall
{
    QString label;
    int waits = 0;
    std::int64_t askedNs = 0;
    std::int64_t tookNs = 0;
};

std::optional<WaitingCall> waitingCall(const RunResult &r, const Workload &w)
{
    const auto calls = w.calls();
    for (std::size_t i = 0; i < calls.size(); ++i) {
        WaitingCall c;
        for (const Step &s : calls[i]->steps) {
            if (s.kind == Step::Kind::Wait) {
                ++c.waits;
                c.askedNs += s.waitNs;
            } else if (s.kind != Step::Kind::Print) {
                c.waits = 0;
                break;
            }
        }
        if (c.waits < 10)
            continue;
        std::optional<std::int64_t> started, finished;
        for (const Event &e : r.trace.events) {
            if (e.task == TaskId(std::uint32_t(i)) && e.kind == EventKind::TaskStarted)
                started = e.timeNs;
            if (e.task == TaskId(std::uint32_t(i)) && e.kind == EventKind::TaskFinished)
                finished = e.timeNs;
        }
        if (!started || !finished)
            continue;
        c.label = calls[i]->function;
        c.tookNs = *finished - *started;
        return c;
    }
    return std::nullopt;
}

} // namespace

QString explainRun(const RunResult &r, const Workload &w, std::optional<std::int64_t> sequentialNs)
{
    if (!r.ok())
        return {};
    const bool threaded = r.mode == Mode::Threads || r.mode == Mode::Pool;

    // Shared counters: lost updates, or memory the parent never sees.
    for (const GlobalValue &g : r.globals) {
        if (g.adds == 0 && r.mode != Mode::Processes)
            continue;
        if (usesStep(w, Step::Kind::Add)) {
            if (r.mode == Mode::Processes)
                return QStringLiteral("The parent's %1 is still %2: each worker process added to "
                                      "its own copy, "
                                      "because processes do not share memory.")
                    .arg(g.name, number(g.value));
            if (g.value < g.adds)
                return QStringLiteral("Lost %1 of %2 updates: %3 += 1 was not locked, so threads "
                                      "read the same "
                                      "value and overwrote each other's writes.")
                    .arg(number(g.adds - g.value), number(g.adds), g.name);
            if (threaded) {
                bool locked = usesStep(w, Step::Kind::Lock);
                for (const Task &t : w.tasks)
                    for (const Step &s : t.steps)
                        locked = locked || (s.kind == Step::Kind::Add && !s.lock.isEmpty());
                return locked ? QStringLiteral("All %1 updates counted: the lock made each read "
                                               "and write of %2 one "
                                               "step no other thread could come between.")
                                    .arg(number(g.adds), g.name)
                              : QStringLiteral(
                                    "All %1 updates counted this time, but only by luck: nothing "
                                    "stops two threads interleaving a read and a write.")
                                    .arg(number(g.adds));
            }
        }
    }

    // Globals set by the calls: shared by threads, private to each process.
    if (usesStep(w, Step::Kind::Set, true))
        return QStringLiteral(
            "Each thread read back only its own local x: thread-local data belongs to the thread "
            "that set it, while the shared global was overwritten by whoever wrote last.");
    for (const GlobalValue &g : r.globals) {
        if (!usesStep(w, Step::Kind::Set))
            break;
        if (r.mode == Mode::Processes) {
            const bool viaQueue = std::any_of(r.results.begin(), r.results.end(),
                                              [](const QString &s) { return !s.isEmpty(); });
            return viaQueue
                       ? QStringLiteral("The parent's %1 is still %2, but the results came back "
                                        "through the pipe, "
                                        "as through a multiprocessing.Queue.")
                             .arg(g.name, number(g.value))
                       : QStringLiteral(
                             "The parent still sees %1 = %2: each worker process set its own copy "
                             "in its own memory.")
                             .arg(g.name, number(g.value));
        }
        return QStringLiteral("The main thread sees %1 = %2: threads share their process's memory.")
            .arg(g.name, number(g.value));
    }

    // The GIL's convoy: an I/O thread queueing for the lock after every wait.
    if (const auto c = waitingCall(r, w);
        c && threaded && r.options.gil && c->tookNs > 2 * c->askedNs) {
        return QStringLiteral(
                   "The %1 waits of %2 took %3 s instead of %4 s: after each one it queued for the "
                   "GIL, "
                   "which the CPU-bound thread hands over only after the %5 ms switch interval.")
            .arg(c->waits)
            .arg(c->label)
            .arg(double(c->tookNs) / 1e9, 0, 'f', 2)
            .arg(double(c->askedNs) / 1e9, 0, 'f', 2)
            .arg(r.options.switchIntervalMs);
    }

    // CPU-bound work: parallel or not.
    if (sequentialNs && r.mode != Mode::Sequential && computeShare(r.trace) > 0.6 && r.wallNs > 0) {
        const double speedup = double(*sequentialNs) / double(r.wallNs);
        const QString x = QStringLiteral("%1×").arg(speedup, 0, 'f', 2);
        if (threaded && r.options.gil && speedup < 1.3)
            return QStringLiteral("CPU-bound threads under the GIL took as long as sequential "
                                  "(%1): only one thread "
                                  "runs Python code at a time.")
                .arg(x);
        if (threaded && !r.options.gil && speedup >= 1.3)
            return QStringLiteral("CPU-bound threads ran in parallel (%1): without a GIL nothing "
                                  "stops them using "
                                  "every core.")
                .arg(x);
        if (r.mode == Mode::Processes && speedup >= 1.3)
            return QStringLiteral("Each process has its own interpreter and GIL, so the CPU-bound "
                                  "calls ran in "
                                  "parallel (%1).")
                .arg(x);
    }
    return {};
}

} // namespace interleave
