#include "outputmodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QTest>

using namespace interleave;
using namespace interleave::ui;

class TestOutputModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendsPrintedLinesOnly()
    {
        OutputModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Trace trace;
        trace.tracks = {{TrackId(0), Pid(1), Tid(1), QStringLiteral("MainThread")},
                        {TrackId(1), Pid(1), Tid(2), QStringLiteral("Thread-1 (calc_cube)")}};
        trace.events = {{TrackId(1), TaskId(0), EventKind::TaskStarted, 10, {}},
                        {TrackId(1), TaskId(0), EventKind::Print, 20, QStringLiteral("Cube:  8")},
                        {TrackId(0), TaskId(), EventKind::Print, 30, QStringLiteral("Done")}};
        model.append(trace, 0);
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex first = model.index(0);
        QCOMPARE(first.data(OutputModel::TextRole).toString(), QStringLiteral("Cube:  8"));
        QCOMPARE(first.data(OutputModel::ThreadRole).toString(),
                 QStringLiteral("Thread-1 (calc_cube)"));
        QCOMPARE(first.data(OutputModel::TimeRole).toLongLong(), 20);
        QVERIFY(first.data(OutputModel::ColorRole).value<QColor>().isValid());
        QVERIFY(first.data().toString().contains(QStringLiteral("Cube:  8")));

        trace.events.push_back(
            {TrackId(1), TaskId(0), EventKind::ErrorOutput, 40, QStringLiteral("oops")});
        model.append(trace, 3); // only the new part
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(model.index(2).data(OutputModel::IsErrorRole).toBool());

        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    // A write at a moment belongs to the line its thread was printing then.
    void findsTheLineAThreadWasPrinting()
    {
        OutputModel model;
        Trace trace;
        trace.tracks = {{TrackId(0), Pid(1), Tid(1), QStringLiteral("MainThread")},
                        {TrackId(1), Pid(1), Tid(2), QStringLiteral("Thread-1")}};
        trace.events = {{TrackId(1), TaskId(0), EventKind::Print, 20, QStringLiteral("a")},
                        {TrackId(0), TaskId(), EventKind::Print, 30, QStringLiteral("b")},
                        {TrackId(1), TaskId(0), EventKind::Print, 40, QStringLiteral("c")}};
        model.append(trace, 0);
        // A line's time is the write that ended it: earlier writes of that thread went into it.
        QCOMPARE(model.rowAt(25, TrackId(1)), 2);
        QCOMPARE(model.rowAt(40, TrackId(1)), 2);
        QCOMPARE(model.rowAt(10, TrackId(1)), 0);
        QCOMPARE(model.rowAt(35, TrackId(0)), 1); // after its last line: that last line
        QCOMPARE(model.rowAt(35, TrackId(7)), -1);
        // Copied lines come out in the console's order whatever order they were picked in.
        const QString copied = model.text({model.index(2), model.index(0)});
        QCOMPARE(copied.count(QLatin1Char('\n')), 1);
        QVERIFY(copied.indexOf(QStringLiteral("Thread-1  a")) <
                copied.indexOf(QStringLiteral("c")));
    }
};

QTEST_GUILESS_MAIN(TestOutputModel)
#include "tst_outputmodel.moc"
