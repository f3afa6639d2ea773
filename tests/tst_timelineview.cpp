// The timeline widget on its own, fed a made-up trace: every row reachable with the scroll
// bar, process headers pinned and collapsible, ticks that can be clicked.

#include "timelineview.h"

#include <QApplication>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

using namespace interleave;
using namespace interleave::ui;

namespace {

constexpr std::int64_t kMs = 1'000'000;

// `processes` worker processes of one thread each, as pool-squares with that many processes,
// after a main process with its MainThread; every thread waits 10 ms and prints at 5 ms.
Trace manyProcesses(int processes)
{
    Trace trace;
    for (int p = 0; p <= processes; ++p) {
        const TrackId id(static_cast<std::uint32_t>(p));
        trace.tracks.push_back(
            {id, Pid(100 + p), Tid(100 + p),
             p == 0 ? QStringLiteral("MainThread") : QStringLiteral("Process-%1").arg(p)});
        trace.spans.push_back({id, TaskId(), SpanKind::Wait, 0, 10 * kMs});
        Event print;
        print.track = id;
        print.kind = EventKind::Write;
        print.timeNs = 5 * kMs;
        print.text = QStringLiteral("%1\n").arg(p);
        trace.events.push_back(print);
    }
    return trace;
}

std::unique_ptr<TimelineView> shown(const Trace &trace, QSize size = QSize(900, 300))
{
    auto view = std::make_unique<TimelineView>();
    view->resize(size);
    view->show();
    view->showTrace(std::make_shared<const Trace>(trace), Pid(100));
    view->replot();
    return view;
}

QPoint rowPoint(const TimelineView &view, int row, double seconds)
{
    const TimelineRow &r = view.data().rows()[std::size_t(row)];
    return {int(view.xAxis->coordToPixel(seconds)), int(view.yAxis->coordToPixel(r.center()))};
}

} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headersAreThinnerThanThreadRows()
    {
        const auto view = shown(manyProcesses(2));
        const auto &rows = view->data().rows();
        QCOMPARE(int(rows.size()), 6); // three headers, three threads
        QCOMPARE(view->data().height(), 3 + 3 * kHeaderHeight);
        QCOMPARE(view->data().rowAt(0.1), 0);
        QCOMPARE(view->data().rowAt(kHeaderHeight + 0.5), 1);
        QCOMPARE(view->data().rowAt(view->data().height()), -1);
    }

    // Few rows: no scroll bar. Many: one, and at its end the last row is in full view.
    void theScrollBarReachesTheLastRow()
    {
        const auto few = shown(manyProcesses(2));
        QVERIFY(!few->rowScrollBar()->isVisible());

        const auto view = shown(manyProcesses(9));
        QScrollBar *bar = view->rowScrollBar();
        QVERIFY(bar->isVisible());
        QVERIFY(bar->geometry().right() < view->width());
        QVERIFY(view->visibleRows() < view->data().height());
        bar->setValue(bar->maximum());
        view->replot();
        const auto &rows = view->data().rows();
        const TimelineRow &last = rows.back();
        QVERIFY2(last.bottom() <= view->yAxis->range().upper + 1e-9,
                 qPrintable(QStringLiteral("last row ends at %1, the view at %2")
                                .arg(last.bottom())
                                .arg(view->yAxis->range().upper)));
        QCOMPARE(view->rowAtPixel(rowPoint(*view, int(rows.size()) - 1, 0.001)),
                 int(rows.size()) - 1);
        QVERIFY(view->tooltipAt(rowPoint(*view, int(rows.size()) - 1, 0.002))
                    .contains(QStringLiteral("Process-9")));
        // Scrolling past the end stays at the end; back to the top shows the first row.
        view->scrollRowsTo(1e9);
        QCOMPARE(view->topRow(), view->data().height() - view->visibleRows());
        bar->setValue(0);
        QCOMPARE(view->topRow(), 0.0);
    }

    // The wheel over the scroll bar or the row names scrolls rows and never zooms time; over
    // the spans it zooms.
    void theWheelBesideTheSpansScrollsRows()
    {
        const auto view = shown(manyProcesses(9));
        const QCPRange time = view->xAxis->range();
        const QRect area = view->axisRect()->rect();
        for (const QPoint at : {QPoint(area.right() + 4, area.center().y()),
                                QPoint(area.left() - 20, area.center().y())}) {
            view->scrollRowsTo(0);
            QWheelEvent down(at, view->mapToGlobal(at), {}, QPoint(0, -120), Qt::NoButton,
                             Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(view.get(), &down);
            QVERIFY(view->topRow() > 0);
            QCOMPARE(view->xAxis->range(), time);
        }
        const QPoint inside = area.center();
        QWheelEvent zoom(inside, view->mapToGlobal(inside), {}, QPoint(0, 120), Qt::NoButton,
                         Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view.get(), &zoom);
        QVERIFY(view->xAxis->range().size() < time.size());
    }

    // Scrolled into a process's threads, its header is drawn pinned at the top: hovering or
    // clicking there is the header.
    void theHeaderOfTheTopProcessStaysPinned()
    {
        Trace trace = manyProcesses(1);
        // The worker process has 20 threads: scrolling by a few rows stays inside it.
        for (std::uint32_t t = 2; t < 22; ++t)
            trace.tracks.push_back({TrackId(t), Pid(101), Tid(200 + t), QStringLiteral("x")});
        const auto view = shown(trace);
        const int header = 2; // PID 101's header: after the main process's two rows
        QCOMPARE(view->data().rows()[header].kind, TimelineRow::Kind::Process);
        view->scrollRowsTo(view->data().rows()[header].top + 4);
        view->replot();
        const QPoint top(view->axisRect()->rect().center().x(), view->axisRect()->rect().top() + 2);
        QCOMPARE(view->rowAtPixel(top), header);
        QVERIFY(view->tooltipAt(top).contains(QStringLiteral("PID 101")));
    }

    void clickingAHeaderCollapsesAndExpandsItsProcess()
    {
        const auto view = shown(manyProcesses(3));
        const std::size_t before = view->data().rows().size();
        const QPoint header = rowPoint(*view, 2, 0.001);
        QCOMPARE(view->data().rows()[2].kind, TimelineRow::Kind::Process);
        QTest::mouseClick(view.get(), Qt::LeftButton, {}, header);
        QCOMPARE(view->data().rows().size(), before - 1);
        QCOMPARE(view->data().rows()[2].hidden, 1);
        QVERIFY(view->tooltipAt(header).contains(QStringLiteral("show")));
        // A thread of the folded process asked to be shown (the console's click) unfolds it.
        view->markMoment(5 * kMs, TrackId(1));
        QCOMPARE(view->data().rows().size(), before);
        QCOMPARE(view->data().rows()[2].hidden, 0);
    }

    // Spans narrower than a pixel fold into one mark; hovering it says what it stands for.
    void hoveringAFoldedMarkCountsItsSpans()
    {
        Trace trace;
        trace.tracks.push_back({TrackId(0), Pid(100), Tid(100), QStringLiteral("MainThread")});
        for (int i = 0; i < 1000; ++i)
            trace.spans.push_back({TrackId(0), TaskId(),
                                   i % 2 == 0 ? SpanKind::Compute : SpanKind::GilWait,
                                   std::int64_t(i) * 1000, std::int64_t(i) * 1000 + 1000});
        trace.spans.push_back({TrackId(0), TaskId(), SpanKind::Wait, 1'000'000, 1'000 * kMs});
        const auto view = shown(trace);
        view->fitAll();
        view->replot();
        const QString tip = view->tooltipAt(rowPoint(*view, 1, 0.0005));
        QVERIFY2(tip.contains(QStringLiteral("spans</b> in these")) &&
                     tip.contains(QStringLiteral("computing (CPU)")) &&
                     tip.contains(QStringLiteral("waiting for the GIL")),
                 qPrintable(tip));
    }

    void clickingATickNamesItsLine()
    {
        const auto view = shown(manyProcesses(2));
        QSignalSpy clicked(view.get(), &TimelineView::tickClicked);
        QTest::mouseClick(view.get(), Qt::LeftButton, {}, rowPoint(*view, 3, 0.005));
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.front().at(0).value<qint64>(), 5 * kMs);
        QCOMPARE(clicked.front().at(1).value<TrackId>(), TrackId(1));
        // Away from a tick, a click marks nothing.
        QTest::mouseClick(view.get(), Qt::LeftButton, {}, rowPoint(*view, 3, 0.009));
        QCOMPARE(clicked.size(), 1);
    }
};

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
