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
        QTest::newRow("processes 2") << Mode::Processes;
    }

    void cpuBoundThreadsUseEveryCore()
    {
        if (QThread::idealThreadCount() < 2)
            QSKIP("needs two cores");
        QFETCH(Mode, mode);
        const Workload w = test::builtin("cpu-primes");
        // Best of three: a busy neighbour on a shared machine can spoil one measurement, but a
        // mode that serialised the work would never get near 2x in any of them.
        double best = 0;
        for (int attempt = 0; attempt < 3 && best <= 1.3; ++attempt) {
            const RunResult seq = test::runToEnd(w, Mode::Sequential);
            const RunResult par = test::runToEnd(w, mode, 2);
            QVERIFY2(seq.ok() && par.ok(), qPrintable(seq.error + par.error));
            QCOMPARE(test::reprs(par.results), test::reprs(seq.results)); // same work, same answer
            const double speedup = double(seq.wallNs) / double(par.wallNs);
            qInfo("cpu-primes %s: %.3f s vs sequential %.3f s: %.2fx", qPrintable(modeName(mode)),
                  double(par.wallNs) / 1e9, double(seq.wallNs) / 1e9, speedup);
            best = std::max(best, speedup);
        }
        // Ideal 2x on two cores.
        QVERIFY2(best > 1.3, qPrintable(QString::number(best)));
    }
};

QTEST_GUILESS_MAIN(TestParallelism)
#include "tst_parallelism.moc"
