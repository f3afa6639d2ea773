// Locks taken in opposite orders: the cycle is found as it closes and ends the run, and a
// Stop ends any lock wait.
#include "testsupport.h"

#include <QElapsedTimer>

using namespace interleave;

namespace {

int deadlockMarks(const RunResult &r)
{
    return int(std::count_if(r.trace.events.begin(), r.trace.events.end(),
                             [](const Event &e) { return e.kind == EventKind::Deadlock; }));
}

} // namespace

class TestDeadlock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oppositeOrdersEndTheRunByThemselves_data()
    {
        QTest::addColumn<Mode>("mode");
        QTest::addColumn<bool>("gil");
        QTest::newRow("threads") << Mode::Threads << false;
        QTest::newRow("threads, GIL") << Mode::Threads << true;
        QTest::newRow("pool") << Mode::Pool << false;
        QTest::newRow("pool, GIL") << Mode::Pool << true;
    }

    void oppositeOrdersEndTheRunByThemselves()
    {
        QFETCH(Mode, mode);
        QFETCH(bool, gil);
        RunOptions o;
        o.mode = mode;
        o.workers = 2;
        o.gil = gil;
        QElapsedTimer timer;
        timer.start();
        const RunResult r = test::run(test::builtin("deadlock"), o);
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(r.deadlock);
        QVERIFY(!r.ok());
        QVERIFY(!r.cancelled);
        QVERIFY2(r.error.startsWith(QStringLiteral("deadlock: ")), qPrintable(r.error));
        QVERIFY2(r.error.contains(QStringLiteral(" holds a and waits for b")), qPrintable(r.error));
        QVERIFY2(r.error.contains(QStringLiteral(" holds b and waits for a")), qPrintable(r.error));
        // Each waiting thread's row is marked where it deadlocked, and ends with that wait: a
        // thread never seems to go on, not even when another one's unwinding frees its lock.
        QCOMPARE(deadlockMarks(r), 2);
        for (const Event &e : r.trace.events) {
            if (e.kind != EventKind::Deadlock)
                continue;
            const Span *last = nullptr;
            for (const Span &s : r.trace.spans)
                last = s.track == e.track ? &s : last;
            QVERIFY(last != nullptr);
            QVERIFY2(last->kind == SpanKind::LockWait, qPrintable(spanKindName(last->kind)));
        }
    }

    void aConsistentOrderDoesNotDeadlock_data()
    {
        QTest::addColumn<Mode>("mode");
        QTest::newRow("threads") << Mode::Threads;
        QTest::newRow("pool") << Mode::Pool;
        QTest::newRow("processes") << Mode::Processes;
    }

    void aConsistentOrderDoesNotDeadlock()
    {
        QFETCH(Mode, mode);
        const RunResult r = test::runToEnd(test::builtin("deadlock"), mode, 2,
                                           {{QStringLiteral("consistent_order"), true}});
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(deadlockMarks(r), 0);
    }

    void processesHaveLocksOfTheirOwn()
    {
        const RunResult r = test::runToEnd(test::builtin("deadlock"), Mode::Processes, 2);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY(!r.deadlock);
    }

    // lock-ring.json: three threads, each taking its lock and then the next one's.
    void aRingOfThreeIsNamedInOrder()
    {
        const RunResult r = test::runToEnd(test::fixture("lock-ring.json"), Mode::Threads);
        QVERIFY(r.deadlock);
        QCOMPARE(r.error, QStringLiteral("deadlock: Thread-1 (take) holds x and waits for y; "
                                         "Thread-2 (take) holds y and waits for z; "
                                         "Thread-3 (take) holds z and waits for x"));
        QCOMPARE(deadlockMarks(r), 3);
    }

    // long-hold.json: one thread holds the lock for a minute while the other waits for it.
    void stopEndsALockWaitWithin100ms()
    {
        Run run(test::fixture("long-hold.json"), {Mode::Threads, 0});
        run.start();
        QVERIFY(test::waitForStarts(run, 2));
        QTest::qWait(150); // the second thread is waiting for the lock by now
        QElapsedTimer timer;
        timer.start();
        run.requestStop();
        QVERIFY(run.waitFor(std::chrono::milliseconds(5000)));
        QVERIFY2(timer.elapsed() < 100, qPrintable(QString::number(timer.elapsed())));
        const RunResult r = run.takeResult();
        QVERIFY(r.cancelled);
        QVERIFY(!r.deadlock);
        QVERIFY(std::any_of(r.trace.spans.begin(), r.trace.spans.end(),
                            [](const Span &s) { return s.kind == SpanKind::LockWait; }));
    }
};

QTEST_GUILESS_MAIN(TestDeadlock)
#include "tst_deadlock.moc"
