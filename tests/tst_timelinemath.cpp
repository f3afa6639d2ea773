#include "style.h"
#include "timelinedata.h"
#include "timelinemath.h"

#include <QTest>

#include <cmath>
#include <map>
#include <random>
#include <set>

using namespace interleave;
using namespace interleave::ui;

namespace {

Span span(std::int64_t start, std::int64_t end, SpanKind kind = SpanKind::Wait)
{
    return {TrackId(0), TaskId(0), kind, start, end};
}

// The dominant kind per pixel column, computed the slow, obvious way.
std::map<int, SpanKind> bruteForceColumns(std::span<const Span> spans, const PixelMapping &map)
{
    std::map<int, std::array<double, kSpanKindCount>> ns;
    const double w = map.nsPerPx();
    for (const Span &s : spans) {
        if (double(s.endNs - s.startNs) >= w || double(s.startNs) >= map.t1 ||
            double(s.endNs) <= map.t0)
            continue;
        const int column = int(std::floor((std::max(double(s.startNs), map.t0) - map.t0) / w));
        ns[column][std::size_t(s.kind)] += double(s.endNs - s.startNs);
    }
    std::map<int, SpanKind> dominant;
    for (const auto &[column, perKind] : ns)
        dominant[column] =
            SpanKind(std::max_element(perKind.begin(), perKind.end()) - perKind.begin());
    return dominant;
}

} // namespace

class TestTimelineMath : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapping_data()
    {
        QTest::addColumn<double>("t0");
        QTest::addColumn<double>("t1");
        QTest::addColumn<double>("px0");
        QTest::addColumn<double>("px1");
        QTest::addColumn<double>("ns");
        QTest::addColumn<double>("px");
        QTest::newRow("start") << 0.0 << 1e9 << 100.0 << 1100.0 << 0.0 << 100.0;
        QTest::newRow("middle") << 0.0 << 1e9 << 100.0 << 1100.0 << 5e8 << 600.0;
        QTest::newRow("end") << 0.0 << 1e9 << 100.0 << 1100.0 << 1e9 << 1100.0;
        QTest::newRow("zoomed") << 2e8 << 3e8 << 0.0 << 1000.0 << 2.5e8 << 500.0;
        QTest::newRow("left of view") << 2e8 << 3e8 << 0.0 << 1000.0 << 1e8 << -1000.0;
    }

    void mapping()
    {
        QFETCH(double, t0);
        QFETCH(double, t1);
        QFETCH(double, px0);
        QFETCH(double, px1);
        QFETCH(double, ns);
        QFETCH(double, px);
        const PixelMapping map{t0, t1, px0, px1};
        QCOMPARE(map.toPx(ns), px);
        QCOMPARE(map.toNs(px), ns);
    }

    void wideSpansStayWhole()
    {
        RowSpans row;
        row.append(span(0, 200'000'000));
        row.append(span(200'000'000, 400'000'000));
        row.append(span(400'000'000, 500'000'000, SpanKind::Compute));
        std::vector<Mark> marks;
        row.fold({0, 1e9, 0, 1000}, marks);
        // Two back-to-back waits stay two marks: a person must see two waits.
        QCOMPARE(marks.size(), std::size_t(3));
        QCOMPARE(marks[0].x0, 0.0);
        QCOMPARE(marks[0].x1, 200.0);
        QCOMPARE(marks[1].x0, 200.0);
        QCOMPARE(marks[2].kind, SpanKind::Compute);
        QVERIFY(!marks[0].folded);
    }

    void narrowSpansFoldIntoTheirColumn()
    {
        // 100 spans of 1 us in the first 1 ms; at 1 ms per pixel they are one column, mostly
        // computing.
        RowSpans row;
        for (int i = 0; i < 100; ++i)
            row.append(span(i * 10'000, i * 10'000 + 1'000,
                            i % 4 == 0 ? SpanKind::Wait : SpanKind::Compute));
        std::vector<Mark> marks;
        row.fold({0, 1e9, 0, 1000}, marks);
        QCOMPARE(marks.size(), std::size_t(1));
        QVERIFY(marks[0].folded);
        QCOMPARE(marks[0].kind, SpanKind::Compute);
        QCOMPARE(marks[0].x0, 0.0);
        QCOMPARE(marks[0].x1, 1.0);
        QVERIFY(marks[0].coverage > 0.09f && marks[0].coverage < 0.11f);
    }

    void spansOutsideTheViewAreSkipped()
    {
        RowSpans row;
        row.append(span(0, 100));
        row.append(span(5'000, 6'000));
        row.append(span(9'000, 9'500));
        std::vector<Mark> marks;
        row.fold({4'000, 7'000, 0, 300}, marks);
        QCOMPARE(marks.size(), std::size_t(1));
        QCOMPARE(marks[0].x0, 100.0);
        QCOMPARE(marks[0].x1, 200.0);
    }

    void foldingMatchesBruteForce_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<double>("t0");
        QTest::addColumn<double>("t1");
        QTest::addColumn<int>("burst"); // every `burst` spans, a pause of 50 ms
        QTest::newRow("15 spans, no summary level used") << 15 << 0.0 << 2e7 << 0;
        QTest::newRow("300 spans, crosses a level") << 300 << 0.0 << 2e7 << 0;
        QTest::newRow("70000 spans, full view") << 70000 << 0.0 << 7e8 << 0;
        QTest::newRow("70000 spans, zoomed in") << 70000 << 1.23e8 << 1.5e8 << 0;
        // Columns of very different density: where one ends is guessed wrong both ways.
        QTest::newRow("200000 spans in bursts") << 200000 << 0.0 << 3e9 << 7000;
    }

    void foldingMatchesBruteForce()
    {
        QFETCH(int, count);
        QFETCH(double, t0);
        QFETCH(double, t1);
        QFETCH(int, burst);
        // Random spans of 1-3000 ns separated by gaps of up to 10 us, of random kinds, with
        // some wide ones among them.
        std::mt19937 rng(42);
        RowSpans row;
        std::int64_t t = 0;
        for (int i = 0; i < count; ++i) {
            t += std::int64_t(rng() % 10'000) + (burst > 0 && i % burst == 0 ? 50'000'000 : 0);
            const std::int64_t length = i % 97 == 0 ? 400'000 : 1 + std::int64_t(rng() % 3'000);
            row.append(span(t, t + length, SpanKind(rng() % kSpanKindCount)));
            t += length;
        }
        const PixelMapping map{t0, t1, 10, 810};
        std::vector<Mark> marks;
        row.fold(map, marks);

        const auto expected = bruteForceColumns(row.spans(), map);
        std::map<int, SpanKind> folded;
        std::set<int> columns;
        for (const Mark &m : marks) {
            QVERIFY(m.x0 >= map.px0 - 1 && m.x1 <= map.px1 + 1);
            if (!m.folded)
                continue;
            // Folded marks that merged span several columns; each column appears once.
            for (int c = int(std::lround(m.x0 - map.px0)); c < int(std::lround(m.x1 - map.px0));
                 ++c) {
                QVERIFY2(columns.insert(c).second, "a pixel column was painted twice");
                folded[c] = m.kind;
            }
        }
        QCOMPARE(folded.size(), expected.size());
        // The summaries add whole nanoseconds in doubles, exactly: every column is the kind
        // that fills most of it, as adding its spans one by one says.
        for (const auto &[column, kind] : expected)
            QCOMPARE(folded[column], kind);
    }

    void findsTheSpanUnderAPoint()
    {
        RowSpans row;
        row.append(span(100, 200));
        row.append(span(300, 400, SpanKind::Compute));
        QVERIFY(row.find(50) == nullptr);
        QCOMPARE(row.find(150)->startNs, 100);
        QVERIFY(row.find(250) == nullptr);
        QCOMPARE(row.find(300)->kind, SpanKind::Compute);
        QVERIFY(row.find(400) == nullptr);
    }

    // Thread colours tell threads apart and are never mistaken for a span kind's colour:
    // CIE76 distance in L*a*b* at least 18 from every kind, 25 from each other.
    void threadColoursAreNotKindColours()
    {
        const auto lab = [](const QColor &c) {
            const auto linear = [](double v) {
                return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
            };
            const double r = linear(c.redF()), g = linear(c.greenF()), b = linear(c.blueF());
            const auto f = [](double t) {
                return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116;
            };
            const double x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
            const double y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
            const double z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
            return std::array<double, 3>{116 * y - 16, 500 * (x - y), 200 * (y - z)};
        };
        const auto distance = [&](const QColor &a, const QColor &b) {
            const auto p = lab(a), q = lab(b);
            return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
        };
        const auto &threads = threadColors();
        for (std::size_t i = 0; i < threads.size(); ++i) {
            for (int k = 0; k < kSpanKindCount; ++k)
                QVERIFY2(distance(threads[i], kindColor(SpanKind(k))) >= 18,
                         qPrintable(threads[i].name() + QStringLiteral(" is near ") +
                                    spanKindName(SpanKind(k))));
            for (std::size_t j = i + 1; j < threads.size(); ++j)
                QVERIFY(distance(threads[i], threads[j]) >= 25);
        }
    }

    // A thread's colour follows its name, so it is the same in the next run.
    void aThreadKeepsItsColour()
    {
        QCOMPARE(threadColor(QStringLiteral("Thread-2 (calc_cube)")),
                 threadColor(QStringLiteral("Thread-2 (calc_square)")));
        QVERIFY(threadColor(QStringLiteral("MainThread")) !=
                threadColor(QStringLiteral("Thread-1 (f)")));
        QVERIFY(threadColor(QStringLiteral("Thread-1 (f)")) !=
                threadColor(QStringLiteral("Thread-2 (f)")));
        QVERIFY(threadColor(QStringLiteral("ThreadPoolExecutor-0_0")) !=
                threadColor(QStringLiteral("MainThread")));
        QCOMPARE(threadColor(QStringLiteral("worker-a")), threadColor(QStringLiteral("worker-a")));
    }

    void countsTheSpansOfAStretch()
    {
        RowSpans row;
        for (int i = 0; i < 10; ++i)
            row.append(
                span(i * 10, i * 10 + 5, i % 3 == 0 ? SpanKind::GilWait : SpanKind::Compute));
        const SpanCounts all = row.count(0, 100);
        QCOMPARE(all.total, std::size_t(10));
        QCOMPARE(all.byKind[std::size_t(SpanKind::GilWait)], std::size_t(4));
        QCOMPARE(all.byKind[std::size_t(SpanKind::Compute)], std::size_t(6));
        // Overlapping counts, touching does not: [4, 30) meets the spans at 0, 10 and 20.
        QCOMPARE(row.count(4, 30).total, std::size_t(3));
        QCOMPARE(row.count(5, 10).total, std::size_t(0));
    }

    void lateSpansAreInsertedInOrder()
    {
        RowSpans row;
        for (int i = 0; i < 40; ++i)
            row.append(span(i * 100 + 1000, i * 100 + 1050));
        row.append(span(10, 20, SpanKind::Queued));
        QCOMPARE(row.spans().front().kind, SpanKind::Queued);
        QVERIFY(std::is_sorted(row.spans().begin(), row.spans().end(),
                               [](const Span &a, const Span &b) { return a.startNs < b.startNs; }));
        std::vector<Mark> marks;
        row.fold({0, 10'000, 0, 10}, marks);
        QVERIFY(!marks.empty());
    }

    // Past 64 KiB a row's own spans move from the heap into a mapping that grows in place:
    // every span is still there, in order, late ones included.
    void aLongRowKeepsEverySpan()
    {
        RowSpans row;
        for (int i = 0; i < 20'000; ++i)
            row.append(span(i * 100 + 1000, i * 100 + 1050, SpanKind(i % kSpanKindCount)));
        row.append(span(10, 20, SpanKind::Queued));
        row.append(span(1'500'000, 1'500'010, SpanKind::Join)); // among the others
        QCOMPARE(row.size(), std::size_t(20'002));
        QCOMPARE(row.spans().front().kind, SpanKind::Queued);
        QVERIFY(std::is_sorted(row.spans().begin(), row.spans().end(),
                               [](const Span &a, const Span &b) { return a.startNs < b.startNs; }));
        QCOMPARE(row.find(1'500'005)->kind, SpanKind::Join);
        QCOMPARE(row.find(19'999 * 100 + 1001)->kind, SpanKind(19'999 % kSpanKindCount));
        QCOMPARE(row.count(0, 3'000'000).total, std::size_t(20'002));
    }

    void rowsAreGroupedByProcessMainFirst()
    {
        Trace trace;
        trace.tracks = {{TrackId(0), Pid(10), Tid(10), QStringLiteral("MainThread")},
                        {TrackId(1), Pid(20), Tid(20), QStringLiteral("Process-1")},
                        {TrackId(2), Pid(10), Tid(11), QStringLiteral("Thread-1 (f)")},
                        {TrackId(3), Pid(30), Tid(30), QStringLiteral("Process-2")}};
        TimelineData data;
        data.update(trace, Pid(10));
        QStringList labels;
        for (const TimelineRow &r : data.rows())
            labels << r.label;
        QCOMPARE(labels, QStringList({"PID 10 · interleave (main process)", "MainThread · 10",
                                      "Thread-1 (f) · 11", "PID 20 · Process-1", "MainThread · 20",
                                      "PID 30 · Process-2", "MainThread · 30"}));
        QCOMPARE(data.rowOf(TrackId(2)), 2);
        QCOMPARE(data.rowOf(TrackId(3)), 6);
    }

    // A finished trace is looked at where it is: each row's spans are its track's stretch of
    // the trace's own, folded as if they had been appended one by one.
    void aShownTraceIsNotCopied()
    {
        auto trace = std::make_shared<Trace>();
        trace->tracks = {{TrackId(0), Pid(10), Tid(10), QStringLiteral("MainThread")},
                         {TrackId(1), Pid(10), Tid(11), QStringLiteral("Thread-1")}};
        RowSpans appended;
        for (int i = 0; i < 1000; ++i) {
            const Span s{TrackId(1), TaskId(0), SpanKind(i % kSpanKindCount), i * 100,
                         i * 100 + 40 + i % 50};
            trace->spans.push_back(s);
            appended.append(s);
        }
        trace->spans.insert(trace->spans.begin(), span(0, 5'000));
        TimelineData data;
        data.show(trace, Pid(10));
        QCOMPARE(data.spanCount(), std::size_t(1001));
        QCOMPARE(data.spans(TrackId(0)).spans().data(), trace->spans.data());
        QCOMPARE(data.spans(TrackId(1)).spans().data(), trace->spans.data() + 1);
        QCOMPARE(data.spans(TrackId(1)).size(), std::size_t(1000));
        QCOMPARE(data.endNs(), std::int64_t(999 * 100 + 40 + 999 % 50));
        std::vector<Mark> shown, built;
        const PixelMapping map{0, 100'000, 0, 300};
        data.spans(TrackId(1)).fold(map, shown);
        appended.fold(map, built);
        QCOMPARE(shown.size(), built.size());
        for (std::size_t i = 0; i < shown.size(); ++i) {
            QCOMPARE(shown[i].x0, built[i].x0);
            QCOMPARE(shown[i].kind, built[i].kind);
        }
    }
};

QTEST_GUILESS_MAIN(TestTimelineMath)
#include "tst_timelinemath.moc"
