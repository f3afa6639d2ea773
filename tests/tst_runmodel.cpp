// The run model: modes and span kinds as tables, a run that labels itself, one speedup, one
// options codec.

#include "testsupport.h"

#include "chrometrace.h"
#include "historyview.h"
#include "runjson.h"
#include "runset.h"
#include "traceopen.h"

#include <QJsonDocument>
#include <QTemporaryDir>

using namespace interleave;

namespace {

using Settings = QMap<QString, bool>;
using Runs = std::vector<std::shared_ptr<const RunResult>>;

// A finished run of shared-counter that took `wallSeconds`, without running it.
std::shared_ptr<const RunResult> finished(Mode mode, Settings settings, double wallSeconds,
                                          bool gil = false)
{
    RunOptions options;
    options.mode = mode;
    options.settings = std::move(settings);
    options.gil = gil;
    auto r = std::make_shared<RunResult>();
    static_cast<RunSpec &>(*r) = RunSpec(test::builtin("shared-counter"), options);
    r->wallNs = std::llround(wallSeconds * 1e9);
    r->workers = 2;
    return r;
}

StoredRunSummary summaryOf(const RunResult &r, qint64 id)
{
    StoredRunSummary s;
    s.id = id;
    s.workload = r.workload;
    s.mode = modeName(r.mode());
    s.config = configLabel(r);
    s.wallNs = r.wallNs;
    return s;
}

QString historySpeedup(const Runs &runs, int row)
{
    std::vector<StoredRunSummary> rows;
    for (const auto &r : runs)
        rows.push_back(summaryOf(*r, qint64(rows.size()) + 1));
    ui::HistoryModel model;
    model.setRuns(std::move(rows));
    return model.data(model.index(row, ui::HistoryModel::Speedup)).toString();
}

void compareOptions(const RunOptions &a, const RunOptions &b)
{
    QCOMPARE(a.mode, b.mode);
    QCOMPARE(a.workers, b.workers);
    QCOMPARE(a.nice, b.nice);
    QCOMPARE(a.gil, b.gil);
    QCOMPARE(a.switchIntervalMs, b.switchIntervalMs);
    QCOMPARE(a.buffering, b.buffering);
    QCOMPARE(a.settings, b.settings);
    QCOMPARE(a.limited, b.limited);
}

const Settings kNone;
const Settings kUnlocked{{QStringLiteral("locked"), false}};
const Settings kLocked{{QStringLiteral("locked"), true}};

} // namespace

class TestRunModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modeAndSpanKindNamesRoundTrip()
    {
        for (const ModeTraits &t : kModes)
            QCOMPARE(modeFromName(modeName(t.mode)), std::optional(t.mode));
        for (const SpanKindTraits &k : kSpanKinds)
            QCOMPARE(spanKindFromName(spanKindName(k.kind)), std::optional(k.kind));
        QCOMPARE(modeFromName(QStringLiteral("fibers")), std::nullopt);
    }

    // A command-line run sets no options; the window's run sets each to its value. Both carry
    // one label, so each is the other's baseline, in the results and in History alike.
    void unsetAndDefaultSettingsShareOneBaseline_data()
    {
        QTest::addColumn<Settings>("sequential");
        QTest::addColumn<Settings>("threads");
        QTest::newRow("sequential unset, threads at the default") << kNone << kUnlocked;
        QTest::newRow("sequential at the default, threads unset") << kUnlocked << kNone;
    }
    void unsetAndDefaultSettingsShareOneBaseline()
    {
        QFETCH(Settings, sequential);
        QFETCH(Settings, threads);
        const auto seq = finished(Mode::Sequential, sequential, 2.0);
        const auto thr = finished(Mode::Threads, threads, 1.0);
        QCOMPARE(configLabel(*seq), QStringLiteral("sequential"));
        QCOMPARE(configLabel(*thr), QStringLiteral("threads"));

        RunSet set;
        set.add(seq);
        set.add(thr);
        QCOMPARE(set.baseline(*thr), set.find(*seq));
        QCOMPARE(set.speedup(*thr, 1000.0), std::optional(2.0));
        QCOMPARE(historySpeedup(Runs{thr, seq}, 0), QStringLiteral("2.00×"));
    }

    // The GIL only holds threads back: a sequential run is the baseline of a GIL run too. A
    // setting that changes the program is not set aside.
    void theBaselineSetsAsideOnlyWhatTheModeDecides()
    {
        const auto seq = finished(Mode::Sequential, kNone, 3.0, true);
        const auto gil = finished(Mode::Threads, kNone, 1.5, true);
        const auto locked = finished(Mode::Threads, kLocked, 1.0);
        QCOMPARE(configLabel(*gil), QStringLiteral("threads · GIL 5 ms"));
        RunSet set;
        for (const auto &r : {seq, gil, locked})
            set.add(r);
        QCOMPARE(set.speedup(*gil, 1500.0), std::optional(2.0));
        QCOMPARE(set.speedup(*locked, 1000.0), std::nullopt);
        QCOMPARE(set.speedup(*seq, 3000.0), std::nullopt);
        QCOMPARE(historySpeedup(Runs{locked, gil, seq}, 1), QStringLiteral("2.00×"));
        QCOMPARE(historySpeedup(Runs{locked, gil, seq}, 0), QString());
    }

    void optionsRoundTripThroughRunJson()
    {
        RunOptions o;
        o.mode = Mode::Pool;
        o.workers = 3;
        o.nice = 10;
        o.gil = true;
        o.switchIntervalMs = 2.5;
        o.buffering = lang::Buffering::Block;
        o.settings = kLocked;
        o.limited = false;
        RunOptions back;
        QVERIFY(optionsFromJson(optionsToJson(o), &back));
        compareOptions(back, o);

        RunResult run = test::run(test::builtin("shared-counter"), o);
        QVERIFY2(run.ok(), qPrintable(run.error));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(runToJson(run)).toJson());
        file.close();
        QString error;
        const auto read = openTraceFile(path, &error);
        QVERIFY2(read, qPrintable(error));
        compareOptions(read->options, o);
        QCOMPARE(configLabel(*read), configLabel(run));

        // An export for Perfetto says as much of the run, and reads back the same.
        const QString chrome = dir.filePath(QStringLiteral("trace.json"));
        QVERIFY2(writeChromeTrace(run, chrome).isEmpty(), "the export failed");
        const auto exported = openTraceFile(chrome, &error);
        QVERIFY2(exported, qPrintable(error));
        compareOptions(exported->options, o);
        QCOMPARE(configLabel(*exported), configLabel(run));
    }
};

QTEST_GUILESS_MAIN(TestRunModel)
#include "tst_runmodel.moc"
