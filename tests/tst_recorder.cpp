#include "testsupport.h"

#include "appendlog.h"
#include "clock.h"
#include "recorder.h"

#include <thread>

using namespace interleave;

class TestRecorder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void logIsReadWhileWritten()
    {
        // One writer appends across many chunk boundaries while a reader drains concurrently:
        // the reader must see every value, once, in order.
        AppendLog<std::uint64_t> log;
        constexpr std::uint64_t kCount = 300'000;
        std::thread writer([&] {
            for (std::uint64_t i = 0; i < kCount; ++i)
                log.push(i);
        });
        AppendLog<std::uint64_t>::Cursor cursor;
        std::uint64_t expected = 0;
        bool inOrder = true;
        while (expected < kCount) {
            log.readWhile(
                cursor, log.size(), [](std::uint64_t) { return true; },
                [&](std::uint64_t v) {
                    inOrder = inOrder && v == expected;
                    ++expected;
                });
        }
        writer.join();
        QVERIFY(inOrder);
        QCOMPARE(expected, kCount);
        QCOMPARE(log.size(), kCount);
    }

    void ticksMapToMonotonicNanoseconds()
    {
        // A sleep measured in ticks must read the same as one measured with CLOCK_MONOTONIC.
        // The best of up to twenty: a preemption between two reads spoils an attempt on a
        // busy machine, but a wrong mapping would spoil them all.
        std::int64_t bestDuration = INT64_MAX;
        std::int64_t bestStart = INT64_MAX;
        for (int attempt = 0; attempt < 20 && (bestDuration >= 20'000 || bestStart >= 20'000);
             ++attempt) {
            Recorder recorder;
            TrackWriter &track = recorder.addTrack(Pid(1), Tid(1), QStringLiteral("t"));
            const auto ns0 = clock::monotonicNs();
            const auto t0 = clock::ticks();
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
            const auto t1 = clock::ticks();
            const auto ns1 = clock::monotonicNs();
            track.span(TaskId(0), SpanKind::Wait, t0, t1);
            const Trace trace = recorder.snapshot();
            QCOMPARE(trace.spans.size(), std::size_t(1));
            const Span &s = trace.spans.front();
            bestDuration = std::min(bestDuration, std::abs(s.durationNs() - (ns1 - ns0)));
            bestStart = std::min(bestStart, std::abs(s.startNs - (ns0 - recorder.origin().ns)));
        }
        QVERIFY2(bestDuration < 20'000, qPrintable(QString::number(bestDuration)));
        QVERIFY2(bestStart < 20'000, qPrintable(QString::number(bestStart)));
    }

    void drainIsIncrementalAndMatchesSnapshot()
    {
        Recorder recorder;
        TrackWriter &a = recorder.addTrack(Pid(1), Tid(10), QStringLiteral("a"));
        Recorder::Cursor cursor;
        Trace live;
        a.event(TaskId(0), EventKind::Print, clock::ticks(), QStringLiteral("one"));
        recorder.drain(cursor, live);
        QCOMPARE(live.events.size(), std::size_t(1));
        QCOMPARE(live.tracks.size(), std::size_t(1));

        TrackWriter &b = recorder.addTrack(Pid(1), Tid(0), QStringLiteral("b"));
        b.setTid(Tid(11));
        const auto t = clock::ticks();
        b.span(TaskId(1), SpanKind::Compute, t, t + 10);
        b.event(TaskId(1), EventKind::Print, clock::ticks(), QStringLiteral("two"));
        recorder.drain(cursor, live);
        QCOMPARE(live.tracks.size(), std::size_t(2));
        QCOMPARE(live.tracks[1].tid, Tid(11));
        QCOMPARE(live.events.size(), std::size_t(2)); // nothing read twice
        QCOMPARE(live.events[1].text, QStringLiteral("two"));
        QCOMPARE(live.spans.size(), std::size_t(1));

        const Trace all = recorder.snapshot();
        QCOMPARE(all.events.size(), live.events.size());
        QCOMPARE(all.spans.size(), live.spans.size());
        QCOMPARE(all.output().size(), std::size_t(2));
    }

    // take() hands over what snapshot() shows, freeing the logs as it goes (past several
    // chunks here), and leaves the recorder empty; a drain afterwards reads nothing.
    void takingMovesEverythingOut()
    {
        Recorder recorder;
        TrackWriter &a = recorder.addTrack(Pid(1), Tid(1), QStringLiteral("a"));
        TrackWriter &b = recorder.addTrack(Pid(1), Tid(2), QStringLiteral("b"));
        for (int i = 0; i < 200'000; ++i) {
            const auto t = clock::ticks();
            (i % 3 == 0 ? b : a).span(TaskId(i), SpanKind::Compute, t, t + 5);
        }
        b.event(TaskId(1), EventKind::Print, clock::ticks(), QStringLiteral("line"));
        Recorder::Cursor cursor;
        Trace live;
        recorder.drain(cursor, live);
        const Trace seen = recorder.snapshot();
        const Trace taken = recorder.take();
        QCOMPARE(taken.spans.size(), std::size_t(200'000));
        QCOMPARE(taken.tracks.size(), std::size_t(2));
        QCOMPARE(taken.events.size(), std::size_t(1));
        QCOMPARE(taken.events[0].text, QStringLiteral("line"));
        for (std::size_t i = 0; i < taken.spans.size(); i += 997) {
            QCOMPARE(taken.spans[i].track, seen.spans[i].track);
            QCOMPARE(taken.spans[i].task, seen.spans[i].task);
            QVERIFY(std::abs(taken.spans[i].startNs - seen.spans[i].startNs) < 1000);
        }
        QVERIFY(recorder.snapshot().spans.empty());
        Trace after;
        recorder.drain(cursor, after);
        QVERIFY(after.spans.empty() && after.events.empty());
    }

    // A run of a million calls in threads mode has a million tracks: a drain reads a finished
    // one to its end once, then looks only at those still running.
    void finishedTracksAreReadOnceThenSkipped()
    {
        Recorder recorder;
        TrackWriter &a = recorder.addTrack(Pid(1), Tid(1), QStringLiteral("a"));
        TrackWriter &b = recorder.addTrack(Pid(1), Tid(2), QStringLiteral("b"));
        const auto t = clock::ticks();
        a.span(TaskId(0), SpanKind::Compute, t, t + 5);
        a.span(TaskId(0), SpanKind::Wait, t + 5, t + 9);
        a.finish();
        b.span(TaskId(1), SpanKind::Compute, t, t + 7);
        Recorder::Cursor cursor;
        Trace live;
        recorder.drain(cursor, live);
        QCOMPARE(live.spans.size(), std::size_t(3));
        QCOMPARE(cursor.active, std::vector<std::uint32_t>{1});
        TrackWriter &c = recorder.addTrack(Pid(1), Tid(3), QStringLiteral("c"));
        c.event(TaskId(2), EventKind::Print, t + 20, QStringLiteral("hi"));
        b.span(TaskId(1), SpanKind::Compute, t + 7, t + 8);
        recorder.drain(cursor, live);
        QCOMPARE(live.tracks.size(), std::size_t(3));
        QCOMPARE(live.tracks[2].name, QStringLiteral("c"));
        QCOMPARE(live.spans.size(), std::size_t(4));
        QCOMPARE(live.events.size(), std::size_t(1));
        QCOMPARE(cursor.active, (std::vector<std::uint32_t>{1, 2}));
        // Another Trace from the same cursor still gets every track.
        Trace other;
        recorder.drain(cursor, other);
        QCOMPARE(other.tracks.size(), std::size_t(3));
        QVERIFY(other.spans.empty());
    }

    // A run can record faster than a window takes it in: a drain takes about kMaxDrainItems,
    // every track read up to one moment, so events stay in time order from one drain to the
    // next, and the rest comes with the next drain. A finished track is read to its end first.
    void drainsAreBoundedAndInOrder()
    {
        Recorder recorder;
        TrackWriter &a = recorder.addTrack(Pid(1), Tid(1), QStringLiteral("a"));
        TrackWriter &b = recorder.addTrack(Pid(1), Tid(2), QStringLiteral("b"));
        const std::size_t n = Recorder::kMaxDrainItems;
        const auto t = clock::ticks();
        for (std::size_t i = 0; i < n; ++i) {
            a.event(TaskId(0), EventKind::TaskStarted, t + 2 * i);
            b.event(TaskId(1), EventKind::TaskStarted, t + 2 * i + 1);
        }
        a.span(TaskId(0), SpanKind::Compute, t, t + 2 * n);
        a.finish();
        Recorder::Cursor cursor;
        std::size_t drains = 0, events = 0, spans = 0;
        std::int64_t last = INT64_MIN;
        for (Trace live; drains < 10; ++drains) {
            live.events.clear();
            live.spans.clear();
            recorder.drain(cursor, live);
            if (live.events.empty() && live.spans.empty())
                break;
            QVERIFY(live.events.size() + live.spans.size() <= n + 2);
            QVERIFY(live.events.front().timeNs >= last);
            QVERIFY(
                std::is_sorted(live.events.begin(), live.events.end(),
                               [](const Event &x, const Event &y) { return x.timeNs < y.timeNs; }));
            last = live.events.back().timeNs;
            events += live.events.size();
            spans += live.spans.size();
            if (events < 2 * n)
                QCOMPARE(cursor.active.size(), std::size_t(2)); // a: not read to its end yet
        }
        QVERIFY(drains >= 2);
        QCOMPARE(events, 2 * n);
        QCOMPARE(spans, std::size_t(1));
        QCOMPARE(cursor.active, std::vector<std::uint32_t>{1});
    }

    void openSpansShowWhileInProgress()
    {
        // A live view must see a long wait while it lasts, not only once it ends.
        Recorder recorder;
        TrackWriter &w = recorder.addTrack(Pid(1), Tid(1), QStringLiteral("t"));
        Recorder::Cursor cursor;
        Trace live;
        w.begin(TaskId(3), SpanKind::Wait, clock::ticks());
        recorder.drain(cursor, live);
        QCOMPARE(live.open.size(), std::size_t(1));
        QCOMPARE(live.open[0].kind, SpanKind::Wait);
        QCOMPARE(live.open[0].task, TaskId(3));
        QVERIFY(live.open[0].startNs <= live.nowNs);
        QVERIFY(live.spans.empty());
        w.end(clock::ticks());
        recorder.drain(cursor, live);
        QVERIFY(live.open.empty());
        QCOMPARE(live.spans.size(), std::size_t(1));
        QCOMPARE(live.spans[0].task, TaskId(3));
    }

    // Between its spans a running program's track is in its background span: a begin closes
    // it and an end reopens it at the same tick, a sliver between two clock reads is not kept.
    void theBackgroundFillsTheGaps()
    {
        Recorder recorder;
        TrackWriter &w = recorder.addTrack(Pid(1), Tid(1), QStringLiteral("t"));
        const clock::Ticks t0 = clock::ticks();
        w.setBackground(TaskId(5), SpanKind::Python, t0);
        QVERIFY(w.isOpen());
        w.begin(TaskId(5), SpanKind::Wait, t0 + 10'000);
        w.end(t0 + 20'000);
        w.begin(TaskId(5), SpanKind::Compute, t0 + 20'010); // a sliver after the wait
        w.end(t0 + 30'000);
        w.clearBackground(t0 + 40'000);
        QVERIFY(!w.isOpen());
        w.begin(TaskId(), SpanKind::Join, t0 + 50'000); // no background: nothing between
        w.end(t0 + 60'000);
        const Trace trace = recorder.snapshot();
        QCOMPARE(trace.spans.size(), std::size_t(5));
        const SpanKind expected[] = {SpanKind::Python, SpanKind::Wait, SpanKind::Compute,
                                     SpanKind::Python, SpanKind::Join};
        for (std::size_t i = 0; i < trace.spans.size(); ++i) {
            QCOMPARE(trace.spans[i].kind, expected[i]);
            if (i > 0 && i < 4)
                QCOMPARE(trace.spans[i].startNs, trace.spans[i - 1].endNs); // no gap
        }
        QCOMPARE(trace.spans[0].task, TaskId(5));
    }

    void concurrentTracksLoseNothing()
    {
        Recorder recorder;
        constexpr int kThreads = 4;
        constexpr int kSpans = 50'000;
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i) {
            threads.emplace_back([&recorder, i] {
                TrackWriter &w = recorder.addTrack(Pid(1), Tid(100 + i), QString::number(i));
                for (int k = 0; k < kSpans; ++k) {
                    const auto t0 = clock::ticks();
                    w.span(TaskId(k), SpanKind::Compute, t0, clock::ticks());
                }
            });
        }
        for (auto &t : threads)
            t.join();
        const Trace trace = recorder.snapshot();
        QCOMPARE(trace.tracks.size(), std::size_t(kThreads));
        QCOMPARE(trace.spans.size(), std::size_t(kThreads * kSpans));
        // Sorted by (track, start) with no overlap within a track.
        for (std::size_t i = 1; i < trace.spans.size(); ++i) {
            const Span &p = trace.spans[i - 1];
            const Span &s = trace.spans[i];
            if (p.track == s.track)
                QVERIFY(s.startNs >= p.endNs);
        }
    }
};

QTEST_GUILESS_MAIN(TestRecorder)
#include "tst_recorder.moc"
