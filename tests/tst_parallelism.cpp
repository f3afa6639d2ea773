#include "testsupport.h"

#include <QThread>

using namespace interleave;

// CPU-bound speed-up needs the cores to itself; CTest runs this test alone (RUN_SERIAL).
class TestParallelism : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cpuBoundThreadsUseEveryCore_data()
    {
        QTest::addColumn<Mode>("mode");
        QTest::newRow("threads") << Mode::Threads;
        QTest::newRow("pool 2") << Mode::Pool;
    }

    void cpuBoundThreadsUseEveryCore()
    {
        if (QThread::idealThreadCount() < 2)
            QSKIP("needs two cores");
        QFETCH(Mode, mode);
        const Workload w = test::builtin("cpu-primes");
        const RunResult seq = test::runToEnd(w, Mode::Sequential);
        const RunResult par = test::runToEnd(w, mode, 2);
        QVERIFY(seq.ok() && par.ok());
        QCOMPARE(par.results, seq.results); // same work, same answer
        const double speedup = double(seq.wallNs) / double(par.wallNs);
        qInfo("cpu-primes %s: %.3f s vs sequential %.3f s: %.2fx", qPrintable(modeName(mode)),
              double(par.wallNs) / 1e9, double(seq.wallNs) / 1e9, speedup);
        // Ideal 2x on two cores; a mode that serialised the work would show ~1x.
        QVERIFY2(speedup > 1.3, qPrintable(QString::number(speedup)));
    }
};

QTEST_GUILESS_MAIN(TestParallelism)
#include "tst_parallelism.moc"
