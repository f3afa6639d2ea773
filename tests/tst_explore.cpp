// Exploring a workload: repeats summed up as a median with its range, Amdahl's law fitted to a
// sweep, each run's time split by state and each call's by stage, results told apart by
// everything that shaped them, and repeats that disagree said to disagree.
// SERIAL: it measures speedups and starts a CPU hog on purpose.
#include "testsupport.h"

#include "lessons.h"
#include "statistics.h"
#include "timeaccount.h"

#include <QProcess>

#include <csignal>

using namespace interleave;

namespace {

RunResult fakeRun(double wallSeconds, double othersCores = 0)
{
    RunResult r;
    r.wallNs = std::llround(wallSeconds * 1e9);
    r.othersCpuNs = std::llround(othersCores * wallSeconds * 1e9);
    r.cores = 2;
    return r;
}

} // namespace

class TestExplore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void spreadIsMedianAndRange()
    {
        const Spread s = spreadOf({3, 1, 2, 10});
        QCOMPARE(s.median, 2.0);
        QCOMPARE(s.min, 1.0);
        QCOMPARE(s.max, 10.0);
        QCOMPARE(s.count, 4);
        QCOMPARE(spreadOf({4}).relative(), 0.0);
    }

    void amdahlFitFindsTheSerialPart()
    {
        std::vector<std::pair<double, double>> points;
        for (int w = 1; w <= 8; ++w)
            points.emplace_back(w, 1.0 + 8.0 / w);
        const AmdahlFit fit = fitAmdahl(points);
        QVERIFY(fit.valid);
        QVERIFY(std::abs(fit.serial - 1.0) < 1e-9);
        QVERIFY(std::abs(fit.parallel - 8.0) < 1e-9);
        QVERIFY(std::abs(fit.serialFraction() - 1.0 / 9) < 1e-9);
        QVERIFY(std::abs(fit.ceiling() - 9.0) < 1e-9);
        // Nothing parallel, nothing serial, and too little to fit.
        QCOMPARE(fitAmdahl({{1, 2.0}, {2, 2.0}, {4, 2.1}}).serialFraction(), 1.0);
        QVERIFY(std::isinf(fitAmdahl({{1, 4.0}, {2, 2.0}, {4, 1.0}}).ceiling()));
        QVERIFY(!fitAmdahl({{2, 1.0}, {2, 1.1}}).valid);
    }

    void labelsNameEverythingThatShapesARun()
    {
        const Workload w = test::builtin("shared-counter");
        RunOptions o;
        o.mode = Mode::Threads;
        QCOMPARE(configLabel(o, w), QStringLiteral("threads"));
        o.gil = true;
        QCOMPARE(configLabel(o, w), QStringLiteral("threads · GIL 5 ms"));
        o.settings.insert(QStringLiteral("locked"), true);
        o.buffering = lang::Buffering::Line;
        QCOMPARE(configLabel(o, w), QStringLiteral("threads · GIL 5 ms · line · locked"));
        o.mode = Mode::Processes;
        o.workers = 3;
        QCOMPARE(configLabel(o, w), QStringLiteral("processes ×3 · line · locked"));
    }

    void repeatsThatDisagreeSaySo()
    {
        const RunResult a = fakeRun(1.0), b = fakeRun(1.5, 1.4), c = fakeRun(1.02);
        const Lesson l = explainRepeats({&a, &b, &c});
        QVERIFY(l.noisy);
        QVERIFY2(l.text.startsWith(QStringLiteral("3 runs disagree by 49 %: other programs "
                                                  "used 1.4 of 2 cores; run again")),
                 qPrintable(l.text));
        QCOMPARE(medianRun({&a, &b, &c}), &c);
    }

    // square-cube: the seed's two threads each wait 0.8 s; sequential waits 1.6 s on one.
    void statesSumToTheWallTimePerThread()
    {
        for (Mode mode : {Mode::Sequential, Mode::Threads}) {
            const RunResult r = test::runToEnd(test::builtin("square-cube"), mode);
            QVERIFY2(r.ok(), qPrintable(r.error));
            const StateTime t = stateTime(r);
            double sum = t.elsewhere;
            for (double s : t.seconds)
                sum += s;
            QVERIFY(std::abs(sum - t.lived) < 1e-6);
            // The main thread lives the whole run; the others from their start to their end.
            const double wall = double(r.wallNs) / 1e9;
            QVERIFY(t.lived <= t.threads * wall + 1e-9);
            if (mode == Mode::Threads)
                QVERIFY2(std::abs(t.lived - 3 * wall) < 0.02, qPrintable(QString::number(t.lived)));
            const double wait = t.seconds[std::size_t(SpanKind::Wait)];
            QVERIFY2(std::abs(wait - 1.6) < 0.05, qPrintable(QString::number(wait)));
            QCOMPARE(t.threads, mode == Mode::Sequential ? 1 : 3);
        }
    }

    // Processes pay start-up and a pipe per call; a pool thread only a hand-off.
    void callCostsSplitEachCall()
    {
        const Workload w = test::builtin("pool-squares");
        const RunResult processes = test::runToEnd(w, Mode::Processes, 2);
        QVERIFY2(processes.ok(), qPrintable(processes.error));
        const CallCosts p = callCosts(processes);
        QCOMPARE(p.calls, 9);
        QVERIFY(p.startupAll > 0);
        QVERIFY(p.handoff > 0);
        QVERIFY2(std::abs(p.work - 4.5) < 0.1, qPrintable(QString::number(p.work)));
        QVERIFY(p.queued > 1.0); // 9 calls on 2 workers: most wait for one
        QVERIFY(p.breakEven().has_value() == (defaultWorkers() >= 2));
        const RunResult pool = test::runToEnd(w, Mode::Pool, 3);
        const CallCosts q = callCosts(pool);
        QCOMPARE(q.startupAll, 0.0);
        QVERIFY(q.overheadPerCall() < p.overheadPerCall());
        const QString sentence = breakEvenSentence({&processes, &pool});
        if (defaultWorkers() >= 2)
            QVERIFY2(sentence.contains(QStringLiteral("to gain from a worker process")) &&
                         sentence.contains(QStringLiteral("CPython")),
                     qPrintable(sentence));
    }

    // A CPU hog beside the second of three runs: the runs disagree, and the results say so
    // instead of asserting (or denying) the lesson.
    void aBusyMachineIsNamedNotBlamedOnTheLesson()
    {
        if (defaultWorkers() < 2)
            QSKIP("needs two cores");
        const Workload w = test::builtin("cpu-primes");
        std::vector<RunResult> runs;
        for (int i = 0; i < 3; ++i) {
            std::vector<qint64> hogs;
            if (i == 1) {
                for (int h = 0; h < 3; ++h) {
                    qint64 pid = 0;
                    QVERIFY(QProcess::startDetached(
                        QStringLiteral("python3"),
                        {QStringLiteral("-c"), QStringLiteral("while True: pass")}, {}, &pid));
                    hogs.push_back(pid);
                }
                QTest::qWait(200);
            }
            runs.push_back(test::runToEnd(w, Mode::Threads));
            for (qint64 pid : hogs)
                ::kill(pid_t(pid), SIGKILL);
            QVERIFY2(runs.back().ok(), qPrintable(runs.back().error));
        }
        QVERIFY(runs[1].machineWasBusy());
        const Lesson l = explainRepeats({&runs[0], &runs[1], &runs[2]});
        QVERIFY2(l.noisy && l.text.contains(QStringLiteral("3 runs disagree by")) &&
                     l.text.contains(QStringLiteral("other programs used")),
                 qPrintable(l.text));
    }
};

QTEST_GUILESS_MAIN(TestExplore)
#include "tst_explore.moc"
