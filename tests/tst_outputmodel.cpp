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
        model.append(trace);
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex first = model.index(0);
        QCOMPARE(first.data(OutputModel::TextRole).toString(), QStringLiteral("Cube:  8"));
        QCOMPARE(first.data(OutputModel::ThreadRole).toString(),
                 QStringLiteral("Thread-1 (calc_cube)"));
        QCOMPARE(first.data(OutputModel::TimeRole).toLongLong(), 20);
        QVERIFY(first.data(OutputModel::ColorRole).value<QColor>().isValid());
        QVERIFY(first.data().toString().contains(QStringLiteral("Cube:  8")));

        trace.events = {{TrackId(1), TaskId(0), EventKind::ErrorOutput, 40,
                         QStringLiteral("oops")}}; // the next drain's
        model.append(trace);
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(model.index(2).data(OutputModel::IsErrorRole).toBool());

        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    // A write belongs to the first line to end at or after it, whichever thread ended it.
    void findsTheLineAWriteWentInto()
    {
        OutputModel model;
        Trace trace;
        trace.tracks = {{TrackId(0), Pid(1), Tid(1), QStringLiteral("MainThread")},
                        {TrackId(1), Pid(1), Tid(2), QStringLiteral("Thread-1")}};
        trace.events = {{TrackId(1), TaskId(0), EventKind::Print, 20, QStringLiteral("a")},
                        {TrackId(0), TaskId(), EventKind::Print, 30, QStringLiteral("b")},
                        {TrackId(1), TaskId(0), EventKind::ErrorOutput, 35, QStringLiteral("e")},
                        {TrackId(1), TaskId(0), EventKind::Print, 40, QStringLiteral("c")},
                        {TrackId(0), TaskId(), EventKind::Print, 40, QStringLiteral("d")}};
        model.append(trace);
        QCOMPARE(model.rowAt(10, TrackId(1)), 0);
        QCOMPARE(model.rowAt(20, TrackId(1)), 0); // the write that ended it
        // Thread-1 wrote at 25, MainThread ended the line at 30: the torn line holds it.
        QCOMPARE(model.rowAt(25, TrackId(1)), 1);
        // A line of stderr holds only its own write.
        QCOMPARE(model.rowAt(35, TrackId(1)), 2);
        QCOMPARE(model.rowAt(32, TrackId(1)), 3);
        // Two lines ended at once: the writer's own.
        QCOMPARE(model.rowAt(40, TrackId(0)), 4);
        QCOMPARE(model.rowAt(40, TrackId(1)), 3);
        QCOMPARE(model.rowAt(45, TrackId(1)), 3); // past every line: its last
        QCOMPARE(model.rowAt(45, TrackId(7)), -1);
        // Copied lines come out in the console's order whatever order they were picked in.
        const QString copied = model.text({model.index(3), model.index(0)});
        QCOMPARE(copied.count(QLatin1Char('\n')), 1);
        QVERIFY(copied.indexOf(QStringLiteral("Thread-1  a")) <
                copied.indexOf(QStringLiteral("c")));
    }
};

QTEST_GUILESS_MAIN(TestOutputModel)
#include "tst_outputmodel.moc"
