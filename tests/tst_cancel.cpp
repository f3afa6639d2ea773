#include "testsupport.h"

#include <QElapsedTimer>

using namespace interleave;

class TestCancel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stopEndsALongRunWithin100ms_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<Mode>("mode");
        QTest::addColumn<int>("workers");
        QTest::addColumn<int>("running"); // calls that start before the stop
        for (const char *f : {"long-wait.json", "long-compute.json"}) {
            QTest::newRow(qPrintable(QStringLiteral("%1 sequential").arg(QLatin1String(f))))
                << QString::fromLatin1(f) << Mode::Sequential << 0 << 1;
            QTest::newRow(qPrintable(QStringLiteral("%1 threads").arg(QLatin1String(f))))
                << QString::fromLatin1(f) << Mode::Threads << 0 << 3;
            QTest::newRow(qPrintable(QStringLiteral("%1 pool 2").arg(QLatin1String(f))))
                << QString::fromLatin1(f) << Mode::Pool << 2 << 2;
        }
    }

    void stopEndsALongRunWithin100ms()
    {
        QFETCH(QString, fixture);
        QFETCH(Mode, mode);
        QFETCH(int, workers);
        QFETCH(int, running);
        Run run(test::fixture(qPrintable(fixture)), {mode, workers});
        run.start();
        QVERIFY(test::waitForStarts(run, std::size_t(running)));
        // Stopped in its work, not before it (then no span would be interrupted).
        QVERIFY(test::waitForOpenWork(run, std::size_t(running)));

        QElapsedTimer timer;
        timer.start();
        run.requestStop();
        QVERIFY(run.waitFor(std::chrono::milliseconds(5000)));
        const qint64 stopMs = timer.elapsed();
        QVERIFY2(stopMs < 100, qPrintable(QStringLiteral("took %1 ms to stop").arg(stopMs)));

        const RunResult r = run.takeResult();
        QVERIFY(r.cancelled);
        QVERIFY(r.error.isEmpty());
        QVERIFY(!r.ok());
        // The partial trace is kept: the interrupted spans are there, nothing finished.
        QVERIFY(!r.trace.spans.empty());
        int started = 0;
        for (const Event &e : r.trace.events) {
            QVERIFY(e.kind != EventKind::TaskFinished);
            QVERIFY(e.text != QLatin1String("never"));
            started += e.kind == EventKind::TaskStarted ? 1 : 0;
        }
        // Queued calls were dropped, not run: only those already running started.
        QCOMPARE(started, running);
        QVERIFY(r.wallNs < 2'000'000'000);
    }

    void destroyingARunningRunStopsIt()
    {
        QElapsedTimer timer;
        timer.start();
        {
            Run run(test::fixture("long-wait.json"), {Mode::Threads, 0});
            run.start();
            QVERIFY(test::waitForStarts(run, 3));
        }
        QVERIFY(timer.elapsed() < 2000);
    }
};

QTEST_GUILESS_MAIN(TestCancel)
#include "tst_cancel.moc"
