#include "fifopool.h"

#include <QTest>

#include <atomic>
#include <mutex>
#include <set>

using namespace interleave;

class TestFifoPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsThreadsOnlyWhenNeeded()
    {
        // Like ThreadPoolExecutor(max_workers=8) given 2 jobs: 2 threads, not 8.
        std::vector<int> spawned;
        FifoPool pool(8, [&](int w) { spawned.push_back(w); });
        std::atomic<int> done{0};
        std::mutex gate;
        gate.lock();
        for (int i = 0; i < 2; ++i)
            pool.submit([&](int) {
                std::lock_guard g(gate);
                ++done;
            });
        QCOMPARE(pool.threadCount(), 2);
        gate.unlock();
        pool.shutdown();
        QCOMPARE(done.load(), 2);
        QCOMPARE(spawned, std::vector<int>({0, 1}));
    }

    void neverExceedsMaximum()
    {
        FifoPool pool(3);
        std::mutex m;
        std::set<int> workers;
        for (int i = 0; i < 50; ++i)
            pool.submit([&](int w) {
                std::lock_guard g(m);
                workers.insert(w);
            });
        QVERIFY(pool.threadCount() <= 3);
        pool.shutdown();
        QVERIFY(workers.size() <= 3);
    }

    void oneWorkerRunsJobsInSubmissionOrder()
    {
        FifoPool pool(1);
        std::vector<int> order;
        for (int i = 0; i < 100; ++i)
            pool.submit([&order, i](int) { order.push_back(i); });
        pool.shutdown();
        QCOMPARE(order.size(), std::size_t(100));
        QVERIFY(std::is_sorted(order.begin(), order.end()));
    }
};

QTEST_GUILESS_MAIN(TestFifoPool)
#include "tst_fifopool.moc"
