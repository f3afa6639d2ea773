#include "clock.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QSet>

#include <cerrno>
#include <csignal>
#include <map>
#include <unistd.h>

using namespace interleave;

namespace {

// The worker processes' pids, once `count` calls have started; empty if they never did.
QList<long long> waitForStarts(Run &run, std::size_t count)
{
    QList<long long> pids;
    if (const auto live = test::waitForStarts(run, count)) {
        for (const TrackInfo &t : live->tracks) {
            if (t.pid.value() != ::getpid())
                pids << t.pid.value();
        }
    }
    return pids;
}

// A reaped process is gone; a zombie would still answer kill(pid, 0).
bool reaped(long long pid)
{
    return ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH;
}

QList<long long> workerPids(const RunResult &r)
{
    QList<long long> pids;
    for (const TrackInfo &t : r.trace.tracks) {
        if (t.pid != r.pid)
            pids << t.pid.value();
    }
    return pids;
}

// Points INTERLEAVE_WORKER elsewhere for one test, then puts back what CTest set.
class WorkerOverride
{
public:
    explicit WorkerOverride(const QString &path) : m_saved(qgetenv("INTERLEAVE_WORKER"))
    {
        qputenv("INTERLEAVE_WORKER", path.toLocal8Bit());
    }
    ~WorkerOverride() { qputenv("INTERLEAVE_WORKER", m_saved); }

private:
    QByteArray m_saved;
};

} // namespace

class TestProcesses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void squareCubeRunsInTwoProcesses()
    {
        const Workload w = test::builtin("square-cube");
        const RunResult r = test::runToEnd(w, Mode::Processes, 2);
        test::checkInvariants(r);
        const QList<long long> pids = workerPids(r);
        QCOMPARE(pids.size(), 2);
        QVERIFY(pids[0] != pids[1]);
        QVERIFY(!pids.contains(::getpid()));
        QVERIFY2(test::wallMs(r) < 1200, qPrintable(QString::number(test::wallMs(r))));
        QCOMPARE(test::outputLines(r).size(), 12);
        QCOMPARE(test::outputLines(r).last(), QStringLiteral("Done with squaring and cubing."));
        // Each worker's start-up is a span of its own, and each exit an event.
        int startups = 0, exits = 0;
        for (const Span &s : r.trace.spans)
            startups += s.kind == SpanKind::Startup ? 1 : 0;
        for (const Event &e : r.trace.events)
            exits += e.kind == EventKind::ProcessExited ? 1 : 0;
        QCOMPARE(startups, 2);
        QCOMPARE(exits, 2);
        for (long long pid : pids)
            QVERIFY(reaped(pid));
    }

    // Workers stamp their own spans (with the TSC where the CPU has an invariant one, or
    // CLOCK_MONOTONIC), interleave maps them. Whatever happened because of something else
    // must not be stamped before it by more than 50 us: a call starts in its worker after
    // interleave submitted it, and a worker's last call finished before interleave saw it exit.
    void workerAndParentClocksAgree()
    {
        constexpr std::int64_t kSlackNs = 50'000;
        qInfo("ticks: %s", clock::ticksAreTsc() ? "tsc" : "clock_gettime");
        for (int round = 0; round < 3; ++round) {
            const RunResult r = test::runToEnd(test::builtin("pool-squares"), Mode::Processes, 3);
            QVERIFY2(r.ok(), qPrintable(r.error));
            std::map<std::uint32_t, std::int64_t> submitted;
            std::map<TrackId, std::int64_t> lastFinished, exited;
            for (const Event &e : r.trace.events) {
                if (e.kind == EventKind::TaskSubmitted)
                    submitted[e.task.value()] = e.timeNs;
                else if (e.kind == EventKind::TaskFinished)
                    lastFinished[e.track] = std::max(lastFinished[e.track], e.timeNs);
                else if (e.kind == EventKind::ProcessExited)
                    exited[e.track] = e.timeNs;
            }
            int started = 0;
            for (const Event &e : r.trace.events) {
                if (e.kind != EventKind::TaskStarted)
                    continue;
                ++started;
                QVERIFY(submitted.count(e.task.value()) == 1);
                const std::int64_t early = submitted[e.task.value()] - e.timeNs;
                QVERIFY2(early <= kSlackNs, qPrintable(QStringLiteral("started %1 us before it "
                                                                      "was submitted")
                                                           .arg(double(early) / 1e3)));
            }
            QCOMPARE(started, 9);
            QCOMPARE(exited.size(), std::size_t(3));
            for (const auto &[track, finished] : lastFinished) {
                QVERIFY(exited.count(track) == 1);
                const std::int64_t late = finished - exited[track];
                QVERIFY2(late <= kSlackNs,
                         qPrintable(QStringLiteral("finished %1 us after its process exited")
                                        .arg(double(late) / 1e3)));
            }
        }
    }

    void resultsComeBackInSubmissionOrder()
    {
        const RunResult r = test::runToEnd(test::builtin("pool-squares"), Mode::Processes, 3);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(test::reprs(r.results),
                 QStringList({"1", "4", "9", "16", "25", "36", "49", "64", "81"}));
        QCOMPARE(workerPids(r).size(), 3);
        QCOMPARE(r.workers, 3);
    }

    void printsShowTheWorkersOwnPid()
    {
        const RunResult r = test::runToEnd(test::builtin("named-tasks"), Mode::Processes, 2);
        QVERIFY2(r.ok(), qPrintable(r.error));
        const QStringList lines = test::outputLines(r);
        QCOMPARE(lines.first(), QStringLiteral("Task 2"));
        const QSet<QString> expected = {
            QStringLiteral("Thread - Process Id:  %1").arg(workerPids(r)[0]),
            QStringLiteral("Thread - Process Id:  %1").arg(workerPids(r)[1])};
        QSet<QString> seen;
        for (const QString &l : lines) {
            if (l.startsWith(QStringLiteral("Thread - Process Id:")))
                seen << l;
        }
        QCOMPARE(seen, expected);
        QVERIFY(lines.contains(QStringLiteral("Thread - Name:  MainThread")));
    }

    void killedWorkerEndsTheRunAndNamesIt()
    {
        Run run(test::fixture("long-wait.json"), {Mode::Processes, 2});
        run.start();
        const QList<long long> pids = waitForStarts(run, 2);
        QCOMPARE(pids.size(), 2);
        QTest::qWait(200); // both calls have begun their 10 s waits by now
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(::kill(static_cast<pid_t>(pids[1]), SIGKILL), 0);
        QVERIFY(run.waitFor(std::chrono::milliseconds(5000)));
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        const RunResult r = run.takeResult();
        QVERIFY(!r.ok());
        QVERIFY(!r.cancelled);
        QVERIFY2(r.error.contains(QString::number(pids[1])) &&
                     r.error.contains(QStringLiteral("SIGKILL")) &&
                     r.error.contains(QStringLiteral("wait_long()")),
                 qPrintable(r.error));
        for (long long pid : pids)
            QVERIFY(reaped(pid));
        // The partial trace is kept: both waits are there, cut short.
        int waits = 0;
        for (const Span &s : r.trace.spans)
            waits += s.kind == SpanKind::Wait ? 1 : 0;
        QCOMPARE(waits, 2);
        QVERIFY(r.trace.open.empty()); // the cut-short waits were ended, not left growing
    }

    void stopTerminatesEveryWorkerWithin200ms()
    {
        Run run(test::fixture("long-compute.json"), {Mode::Processes, 3});
        run.start();
        const QList<long long> pids = waitForStarts(run, 3);
        QCOMPARE(pids.size(), 3);
        QElapsedTimer timer;
        timer.start();
        run.requestStop();
        QVERIFY(run.waitFor(std::chrono::milliseconds(5000)));
        QVERIFY2(timer.elapsed() < 200, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(run.takeResult().cancelled);
        for (long long pid : pids)
            QVERIFY(reaped(pid));
    }

    void misbehavingWorkersAreReported_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("expected");
        QTest::newRow("oversized frame") << "oversized.sh"
                                         << "bad frame (frame of 4294967295 bytes is over";
        QTest::newRow("unknown type") << "unknown-type.sh"
                                      << "bad frame (unknown frame type 99)";
        QTest::newRow("truncated frame") << "truncated.sh"
                                         << "truncated frame";
        QTest::newRow("malformed ready") << "short-ready.sh"
                                         << "malformed ready frame";
        QTest::newRow("exits early") << "exits-early.sh"
                                     << "exited with status 3";
    }

    void misbehavingWorkersAreReported()
    {
        QFETCH(QString, script);
        QFETCH(QString, expected);
        const WorkerOverride worker(QStringLiteral(INTERLEAVE_TEST_DATA "/fake-workers/") + script);
        QElapsedTimer timer;
        timer.start();
        const RunResult r = test::runToEnd(test::builtin("sleep-twice"), Mode::Processes, 1);
        QVERIFY(timer.elapsed() < 2000);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.startsWith(QStringLiteral("worker process ")) &&
                     r.error.contains(expected),
                 qPrintable(r.error));
        for (long long pid : workerPids(r))
            QVERIFY(reaped(pid));
    }

    void errorOutputIsKept()
    {
        const WorkerOverride worker(
            QStringLiteral(INTERLEAVE_TEST_DATA "/fake-workers/exits-early.sh"));
        const RunResult r = test::runToEnd(test::builtin("sleep-twice"), Mode::Processes, 1);
        QVERIFY2(r.error.contains(QStringLiteral("cannot start: no such thing")),
                 qPrintable(r.error));
        bool seen = false;
        for (const Event &e : r.trace.events)
            seen = seen || (e.kind == EventKind::ErrorOutput &&
                            e.text == QLatin1String("cannot start: no such thing"));
        QVERIFY(seen);
    }

    // A worker that never says it is ready (INTERLEAVE_WORKER=/bin/cat, say) ends the run with
    // a clear message after the start-up timeout, 5 s.
    void aWorkerThatIsNeverReadyTimesOut()
    {
        const WorkerOverride worker(
            QStringLiteral(INTERLEAVE_TEST_DATA "/fake-workers/never-ready.sh"));
        QElapsedTimer timer;
        timer.start();
        const RunResult r = test::runToEnd(test::builtin("sleep-twice"), Mode::Processes, 2);
        QVERIFY2(timer.elapsed() < 6000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY2(r.error.contains(QStringLiteral("did not say it was ready within 5 s")),
                 qPrintable(r.error));
        for (long long pid : workerPids(r))
            QVERIFY(reaped(pid));
    }

    // Error output is kept up to 10,000 lines or 1 MiB a worker; the rest is counted.
    void floodedErrorOutputIsCapped()
    {
        const WorkerOverride worker(
            QStringLiteral(INTERLEAVE_TEST_DATA "/fake-workers/floods-stderr.sh"));
        qputenv("INTERLEAVE_WORKER_TIMEOUT", "2");
        const RunResult r = test::runToEnd(test::builtin("sleep-twice"), Mode::Processes, 1);
        qunsetenv("INTERLEAVE_WORKER_TIMEOUT");
        QVERIFY2(r.error.contains(QStringLiteral("did not say it was ready within 2 s")),
                 qPrintable(r.error));
        int lines = 0;
        qint64 bytes = 0;
        QString last;
        for (const Event &e : r.trace.events) {
            if (e.kind != EventKind::ErrorOutput)
                continue;
            ++lines;
            bytes += e.text.size();
            last = e.text;
        }
        QCOMPARE(lines, 10'001); // the kept lines and the one that says what was dropped
        QVERIFY(bytes < (1 << 20) + 200);
        QVERIFY2(last.contains(QStringLiteral("3140000 more bytes of error output dropped")),
                 qPrintable(last));
    }

    void missingWorkerIsAClearError()
    {
        const WorkerOverride worker(QStringLiteral("/nonexistent/interleave-worker"));
        const QString problem = checkRun({Mode::Processes, 2}, test::builtin("sleep-twice"));
        QVERIFY2(problem.contains(QStringLiteral("/nonexistent/interleave-worker")),
                 qPrintable(problem));
        const RunResult r = test::runToEnd(test::builtin("sleep-twice"), Mode::Processes, 2);
        QCOMPARE(r.error, problem);
        QVERIFY(r.trace.tracks.empty());
    }
};

QTEST_GUILESS_MAIN(TestProcesses)
#include "tst_processes.moc"
