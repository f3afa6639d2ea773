// The model under the window, driven without a widget: workloads keyed by their file, runs
// kept and shown, speedups, the pinned reference, and the results chart recalled from the
// run library's summary rows.

#include "testsupport.h"

#include "lessons.h"
#include "runcontroller.h"
#include "workbench.h"

#include <QSignalSpy>
#include <QTemporaryDir>

using namespace interleave;
using namespace interleave::ui;

namespace {

const QString kQuick = QStringLiteral(INTERLEAVE_TEST_DATA "/quick.json");

RunOptions optionsFor(Mode mode)
{
    RunOptions o;
    o.mode = mode;
    o.workers = 2;
    return o;
}

// Runs `mode` on the current workload and waits for it to be kept.
std::shared_ptr<const RunResult> runOnce(Workbench &bench, Mode mode)
{
    QSignalSpy finished(&bench, &Workbench::runFinished);
    QString error;
    if (!bench.start({optionsFor(mode)}, &error))
        qFatal("cannot start: %s", qPrintable(error));
    if (!finished.wait(30000))
        qFatal("the run did not finish");
    return finished.front().front().value<std::shared_ptr<const RunResult>>();
}

} // namespace

class TestWorkbench : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workloadsAreKeyedByTheirFile()
    {
        Workbench bench;
        QSignalSpy added(&bench, &Workbench::workloadAdded);
        QString error;
        QVERIFY2(bench.select(QStringLiteral("square-cube"), &error), qPrintable(error));
        QCOMPARE(bench.currentWorkload().name, QStringLiteral("square-cube"));
        QVERIFY(added.isEmpty());

        QVERIFY2(bench.select(kQuick, &error), qPrintable(error));
        const int quick = bench.current();
        QCOMPARE(added.size(), 1);
        QCOMPARE(bench.currentPath(), QFileInfo(kQuick).canonicalFilePath());
        // Opened again: the same entry, read afresh.
        QSignalSpy reloaded(&bench, &Workbench::workloadReloaded);
        bench.setCurrent(0);
        QVERIFY2(bench.select(kQuick, &error), qPrintable(error));
        QCOMPARE(bench.current(), quick);
        QCOMPARE(added.size(), 1);
        QCOMPARE(reloaded.size(), 1);

        QVERIFY(!bench.select(QStringLiteral("no-such-workload"), &error));
        QVERIFY2(error.contains(QStringLiteral("unknown workload")), qPrintable(error));
        QCOMPARE(bench.current(), quick);
    }

    void runsAreKeptWithTheirSpeedup()
    {
        Workbench bench;
        QString error;
        QVERIFY2(bench.select(kQuick, &error), qPrintable(error));
        const auto sequential = runOnce(bench, Mode::Sequential);
        const auto threads = runOnce(bench, Mode::Threads);
        QVERIFY2(threads->ok(), qPrintable(threads->error));
        QCOMPARE(bench.last(), threads);

        const auto bars = bench.resultBars(optionsFor(Mode::Pool));
        QCOMPARE(bars.size(), std::size_t(2));
        QCOMPARE(bars[0].label, QStringLiteral("sequential"));
        QCOMPARE(bars[0].speedup, std::optional(1.0)); // the baseline itself
        QCOMPARE(bars[1].label, QStringLiteral("threads"));
        QVERIFY(bars[1].speedup);
        QCOMPARE(*bars[1].speedup, double(sequential->wallNs) / double(threads->wallNs));
        QVERIFY2(bench.titleOf(*threads).endsWith(QStringLiteral("× sequential")),
                 qPrintable(bench.titleOf(*threads)));

        bench.togglePin();
        QCOMPARE(bench.pinned(), threads);
        bench.show(sequential);
        QCOMPARE(bench.last(), sequential);
        bench.togglePin();
        QVERIFY(!bench.pinned());
    }

    // Another workload's run is not shown under the new one's lesson.
    void switchingWorkloadLetsGoOfTheShownRun()
    {
        Workbench bench;
        QString error;
        QVERIFY2(bench.select(kQuick, &error), qPrintable(error));
        runOnce(bench, Mode::Sequential);
        QSignalSpy cleared(&bench, &Workbench::lastCleared);
        bench.setCurrent(bench.indexOf(QStringLiteral("square-cube")));
        QCOMPARE(cleared.size(), 1);
        QVERIFY(!bench.last());
    }

    // Start-up fills the results from the library's rows: no run is read.
    void theChartIsRecalledFromSummaryRows()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.sqlite"));
        QString problem, error;
        std::vector<std::shared_ptr<const RunResult>> kept;
        {
            Workbench bench;
            bench.setLibrary(RunLibrary::open(path, &problem));
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            QVERIFY2(bench.select(kQuick, &error), qPrintable(error));
            kept.push_back(runOnce(bench, Mode::Sequential));
            kept.push_back(runOnce(bench, Mode::Threads));
        }
        Workbench bench;
        QVERIFY2(bench.select(kQuick, &error), qPrintable(error));
        bench.setLibrary(RunLibrary::open(path, &problem));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const auto entries = bench.runs().entries(QStringLiteral("quick"));
        QCOMPARE(entries.size(), std::size_t(2));
        for (const ResultEntry *e : entries) {
            QVERIFY(e->runs.empty());
            QCOMPARE(e->recalled.size(), std::size_t(1));
        }
        const auto bars = bench.resultBars(optionsFor(Mode::Pool));
        QCOMPARE(bars.size(), std::size_t(2));
        QCOMPARE(bars[1].label, QStringLiteral("threads"));
        QVERIFY(bars[1].speedup);
        QCOMPARE(*bars[1].speedup, double(kept[0]->wallNs) / double(kept[1]->wallNs));
    }

    // A lesson about the speedup is judged against a sequential baseline recalled from the
    // library as much as against one run in this session.
    void aRecalledBaselineJudgesTheLesson()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.sqlite"));
        const QString overlap = QStringLiteral(INTERLEAVE_TEST_DATA "/overlap.json");
        QString problem, error;
        {
            Workbench bench;
            bench.setLibrary(RunLibrary::open(path, &problem));
            QVERIFY2(bench.select(overlap, &error), qPrintable(error));
            runOnce(bench, Mode::Sequential);
        }
        Workbench bench;
        QVERIFY2(bench.select(overlap, &error), qPrintable(error));
        bench.setLibrary(RunLibrary::open(path, &problem));
        const auto threads = runOnce(bench, Mode::Threads);
        const Lesson lesson = bench.lessonOf(*threads);
        QVERIFY2(lesson.text.startsWith(QStringLiteral("The naps overlapped")),
                 qPrintable(lesson.text));
        QVERIFY(!lesson.needsSequential);
    }
};

QTEST_GUILESS_MAIN(TestWorkbench)
#include "tst_workbench.moc"
