// The run's budget as it runs, and the scale it must reach: absurd programs whose cost only the
// run can know (the estimate before the run, tst_budget, counts it as nothing) end at once with
// the limit named, in every mode; --no-limits lifts the budget; 100,000 calls run in threads mode.
// Heavy on the CPU, so it runs on its own (SERIAL): it would slow the timing tests beside it.
#include "testsupport.h"

#include <QElapsedTimer>

#include <limits>

using namespace interleave;

class TestLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void threadBudgetsEndAbsurdRuns_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<Mode>("mode");
        QTest::addColumn<QString>("expected");
        for (Mode mode : allModes()) {
            QTest::newRow(qPrintable(QStringLiteral("wait, %1").arg(modeName(mode))))
                << "hidden-wait.json" << mode << "would wait 3600.0 s in all, more than 10 minutes";
            QTest::newRow(qPrintable(QStringLiteral("spans, %1").arg(modeName(mode))))
                << "over-budget-spans.json" << mode
                << "would record more than 2000000 prints, waits and computations";
        }
    }

    void threadBudgetsEndAbsurdRuns()
    {
        QFETCH(QString, fixture);
        QFETCH(Mode, mode);
        QFETCH(QString, expected);
        QElapsedTimer timer;
        timer.start();
        const RunResult r = test::runToEnd(test::fixture(qPrintable(fixture)), mode, 2);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(expected) && r.error.contains(QStringLiteral("--no-limits")),
                 qPrintable(r.error));
        QVERIFY(timer.elapsed() < 30000);
    }

    void noLimitsLiftsTheBudget()
    {
        RunOptions o;
        o.mode = Mode::Sequential;
        o.limited = false;
        const RunResult r = test::run(test::fixture("over-budget-spans.json"), o);
        QVERIFY2(r.ok(), qPrintable(r.error));
    }

    // Threads are joined as they finish: 100,000 calls, one thread each, never hit the limit
    // on threads or memory maps (about 32,000 here) that keeping them all alive did.
    void hundredThousandCallsRunInThreads()
    {
        const RunResult r = test::runToEnd(test::fixture("many-calls.json"), Mode::Threads);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.workers, 100'000);
        QCOMPARE(r.results.size(), std::size_t(100'000));
        QVERIFY(std::all_of(r.results.begin(), r.results.end(),
                            [](const lang::Value &v) { return v.repr() == "1"; }));
    }

    // The most calls a workload may make, in the two modes that run them on this process's
    // own threads; the trace holds every one. (Threads mode starts a thread per call, about
    // 2 minutes for a million here, and processes mode 40 s: measured by hand, not in CI.)
    void aMillionCallsRun_data()
    {
        QTest::addColumn<Mode>("mode");
        QTest::newRow("sequential") << Mode::Sequential;
        QTest::newRow("pool") << Mode::Pool;
    }

    void aMillionCallsRun()
    {
        QFETCH(Mode, mode);
        const RunResult r = test::runToEnd(test::fixture("million-calls.json"), mode);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.results.size(), std::size_t(1'000'000));
        std::size_t finished = 0;
        for (const Event &e : r.trace.events)
            finished += e.kind == EventKind::TaskFinished ? 1 : 0;
        QCOMPARE(finished, std::size_t(1'000'000));
        // Setting up a million calls (their results, their labels) is on the main thread's
        // first "running Python code" span: the timeline leaves no blank before the first
        // call, as it did for half a second here.
        const Span *top = nullptr;
        for (const Span &s : r.trace.spans) {
            if (top == nullptr && s.track == r.trace.tracks.front().id &&
                s.kind == SpanKind::Python)
                top = &s;
        }
        QVERIFY(top != nullptr);
        std::int64_t firstCall = std::numeric_limits<std::int64_t>::max();
        for (const Event &e : r.trace.events)
            firstCall = std::min(firstCall, e.timeNs);
        QVERIFY2(firstCall - top->endNs < 50'000'000,
                 qPrintable(QStringLiteral("%1 ns").arg(firstCall - top->endNs)));
    }
};

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
