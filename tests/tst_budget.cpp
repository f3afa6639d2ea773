// The run's budget before it starts: what a program's text fixes (the waits, the events, the
// bytes printed) is estimated without running it, never above what the run does, and a run
// past the budget is refused with the estimate in the message.
#include "testsupport.h"

#include "budget.h"
#include "estimate.h"
#include "langlimits.h"
#include "text.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace interleave;

namespace {

// A workload of `functions` (signature: lines) and `calls`, with `globals`.
Workload program(const QJsonObject &functions, const QJsonArray &calls,
                 const QJsonObject &globals = {})
{
    QJsonObject o{{QStringLiteral("name"), QStringLiteral("estimated")},
                  {QStringLiteral("functions"), functions},
                  {QStringLiteral("calls"), calls}};
    if (!globals.isEmpty())
        o.insert(QStringLiteral("globals"), globals);
    return test::workloadFrom(QJsonDocument(o).toJson());
}

lang::Estimate estimateOf(const Workload &w)
{
    return lang::estimate(*w.program);
}

QJsonObject fn(const QString &signature, const QJsonArray &lines)
{
    return {{signature, lines}};
}

// {"for": head, "do": body}, and the like.
QJsonObject block(const QString &kind, const QString &head, const QJsonArray &body,
                  const QJsonArray &orelse = {})
{
    QJsonObject o{{kind, head}, {QStringLiteral("do"), body}};
    if (!orelse.isEmpty())
        o.insert(QStringLiteral("else"), orelse);
    return o;
}

RunOptions optionsFor(Mode mode, int workers = 0)
{
    RunOptions o;
    o.mode = mode;
    o.workers = workers;
    return o;
}

} // namespace

class TestBudget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // pool-squares: nine half-second calls.
    void waitsFollowArgumentsAndMaps()
    {
        const lang::Estimate e = estimateOf(test::builtin("pool-squares"));
        QCOMPARE(e.callCount(), 9.0);
        QCOMPARE(e.waitWall(1), 4.5);
        QCOMPARE(e.waitWall(3), 1.5);
        QCOMPARE(e.waitWall(0), 0.5);
        QCOMPARE(e.total().recorded,
                 9.0 /* calls */ + 9 /* sleeps */ + 1 /* the last print: results are the run's */);
    }

    void loopsMultiplyAndBranchesTakeTheLesser()
    {
        const Workload w = program(
            fn(QStringLiteral("f(n)"),
               {block(QStringLiteral("for"), QStringLiteral("i in range(n)"),
                      {QStringLiteral("time.sleep(0.25)"), QStringLiteral("print('ab', i)")}),
                block(QStringLiteral("if"), QStringLiteral("time.time() > 0"),
                      {QStringLiteral("time.sleep(5)")}, {QStringLiteral("time.sleep(1)")}),
                QStringLiteral("print('x' * 10, end='')")}),
            QJsonArray{QStringLiteral("f(4)"), QStringLiteral("f(2)")});
        const lang::Estimate e = estimateOf(w);
        QCOMPARE(e.waitWall(1), 6 * 0.25 + 2 * 1.0);
        QCOMPARE(e.waitWall(0), 4 * 0.25 + 1.0);
        const lang::Cost all = e.total();
        // print('ab', i): "ab", a space, at least nothing for i, "\n".
        QCOMPARE(all.printedBytes, 6 * 4.0 + 2 * 10);
        QCOMPARE(all.recorded, 2 + 6 * 2 + 2 + 2.0);
    }

    // What only the run knows counts as nothing, and a loop that may return counts once.
    void unknownsCountAsNothing()
    {
        const Workload w =
            program(fn(QStringLiteral("f()"),
                       {block(QStringLiteral("for"), QStringLiteral("x in sorted(range(1000))"),
                              {QStringLiteral("time.sleep(1)")}),
                        block(QStringLiteral("for"), QStringLiteral("i in range(100)"),
                              {QStringLiteral("time.sleep(2)"),
                               block(QStringLiteral("if"), QStringLiteral("i == int(time.time())"),
                                     {QStringLiteral("return i")})}),
                        QStringLiteral("n = 3"), QStringLiteral("n = n + len(str(time.time()))"),
                        block(QStringLiteral("repeat"), QStringLiteral("n"),
                              {QStringLiteral("time.sleep(100)")})}),
                    QJsonArray{QStringLiteral("f()")});
        QCOMPARE(estimateOf(w).waitWall(1), 2.0);
    }

    // Globals the program never stores keep their values; a map over one is counted.
    void globalsAndMapsOverThem()
    {
        const Workload w =
            program(fn(QStringLiteral("f(s)"), {QStringLiteral("time.sleep(s)")}),
                    QJsonArray{QJsonObject{{QStringLiteral("map"), QStringLiteral("f")},
                                           {QStringLiteral("over"), QStringLiteral("waits")}}},
                    QJsonObject{{QStringLiteral("waits"), QStringLiteral("[1, 2, 3]")}});
        const lang::Estimate e = estimateOf(w);
        QCOMPARE(e.waitWall(1), 6.0);
        QCOMPARE(e.waitWall(2), 3.0);
        QCOMPARE(e.waitWall(0), 3.0);
    }

    void recursionEnds()
    {
        const Workload w = program(
            fn(QStringLiteral("f(n)"), {QStringLiteral("time.sleep(0.001)"),
                                        QStringLiteral("f(n + 1)"), QStringLiteral("f(n + 1)")}),
            QJsonArray{QStringLiteral("f(0)")});
        QElapsedTimer timer;
        timer.start();
        const lang::Estimate e = estimateOf(w);
        QVERIFY(timer.elapsed() < 2000);
        QVERIFY(e.waitWall(1) > 0);
    }

    // Every built-in runs within the budget in every mode, and its estimate is not above
    // what its lesson says a run takes.
    void builtinsAreWithinTheBudget()
    {
        for (const Workload &w : builtinWorkloads()) {
            for (Mode mode : allModes()) {
                const QString past = checkBudget(optionsFor(mode, 3), w);
                QVERIFY2(past.isEmpty(), qPrintable(past));
            }
            const auto ideal = w.program->idealMs.find("sequential");
            if (ideal != w.program->idealMs.end())
                QVERIFY2(estimateOf(w).waitWall(1) * 1000 <= ideal->second + 1, qPrintable(w.name));
        }
    }

    void refusalsCarryTheEstimate_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<Mode>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("wait, threads")
            << "over-budget-wait.json" << Mode::Threads
            << "would wait at least 1.0 h in threads mode, more than the 10 min a run may wait";
        QTest::newRow("wait, pool of 4") << "over-budget-wait.json" << Mode::Pool
                                         << "would wait at least 2.9 years in pool mode";
        QTest::newRow("wait, sequential")
            << "over-budget-wait.json" << Mode::Sequential << "11.4 years of time.sleep in all";
        QTest::newRow("events") << "over-budget-events.json" << Mode::Threads
                                << "would record at least 60,000,002 events, more than the "
                                   "50,000,000 a run may record";
        QTest::newRow("printed")
            << "over-budget-print.json" << Mode::Sequential
            << "would print at least 1.0 GiB, more than the 256.0 MiB a run may print";
    }

    void refusalsCarryTheEstimate()
    {
        QFETCH(QString, fixture);
        QFETCH(Mode, mode);
        QFETCH(QString, expected);
        const Workload w = test::fixture(qPrintable(fixture));
        const QString past = checkBudget(optionsFor(mode, 4), w);
        QVERIFY2(past.contains(expected) && past.contains(QStringLiteral("--no-limits")),
                 qPrintable(past));
        // The engine refuses it too, before anything runs.
        QElapsedTimer timer;
        timer.start();
        const RunResult r = test::run(w, optionsFor(mode, 4));
        QCOMPARE(r.error, past);
        QVERIFY(r.trace.spans.empty());
        QVERIFY(timer.elapsed() < 1000);
        RunOptions lifted = optionsFor(mode, 4);
        lifted.limited = false;
        QVERIFY(checkBudget(lifted, w).isEmpty());
    }

    void durations()
    {
        QCOMPARE(longDurationText(41), QStringLiteral("41 s"));
        QCOMPARE(longDurationText(90), QStringLiteral("1.5 min"));
        QCOMPARE(longDurationText(600), QStringLiteral("10 min"));
        QCOMPARE(longDurationText(3600 * 2.8), QStringLiteral("2.8 h"));
        QCOMPARE(longDurationText(86400 * 3), QStringLiteral("3.0 days"));
    }
};

QTEST_GUILESS_MAIN(TestBudget)
#include "tst_budget.moc"
