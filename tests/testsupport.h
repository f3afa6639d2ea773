#pragma once

#include "catalog.h"
#include "engine.h"
#include "recorder.h"
#include "run.h"
#include "stopsource.h"

#include <QElapsedTimer>
#include <QString>
#include <QStringList>
#include <QTest>

#include <algorithm>

namespace interleave::test {

inline Workload builtin(const char *name)
{
    const Workload *w = findBuiltin(QString::fromLatin1(name));
    if (w == nullptr)
        qFatal("built-in workload %s is missing", name);
    return *w;
}

inline Workload fixture(const char *file)
{
    const auto parsed =
        loadWorkloadFile(QStringLiteral(INTERLEAVE_TEST_DATA "/") + QString::fromLatin1(file));
    if (!parsed.workload)
        qFatal("%s", qPrintable(parsed.error));
    return *parsed.workload;
}

inline RunResult run(const Workload &workload, const RunOptions &options)
{
    Recorder recorder;
    StopSource stop;
    return execute(workload, options, recorder, stop);
}

// A run to its end. Line-buffered stdout, as on a terminal, so that tests about lines see
// whole ones; the tests of torn lines ask for unbuffered.
inline RunResult runToEnd(const Workload &workload, Mode mode, int workers = 0,
                          QMap<QString, bool> settings = {},
                          lang::Buffering buffering = lang::Buffering::Line)
{
    RunOptions options;
    options.mode = mode;
    options.workers = workers;
    options.settings = std::move(settings);
    options.buffering = buffering;
    return run(workload, options);
}

// A workload from JSON text, for tests that write their own.
inline Workload workloadFrom(const QByteArray &json)
{
    const auto parsed = parseWorkload(json, QStringLiteral("test.json"));
    if (!parsed.workload)
        qFatal("%s", qPrintable(parsed.error));
    return *parsed.workload;
}

// Drains a running run until `count` calls have started, the sign that the work is under way;
// the live trace so far, or nothing after 10 s.
inline std::optional<Trace> waitForStarts(Run &run, std::size_t count)
{
    Recorder::Cursor cursor;
    Trace live;
    std::size_t started = 0;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10000) {
        const std::size_t before = live.events.size();
        run.recorder()->drain(cursor, live);
        for (std::size_t i = before; i < live.events.size(); ++i)
            started += live.events[i].kind == EventKind::TaskStarted ? 1 : 0;
        if (started >= count)
            return live;
        run.waitFor(std::chrono::milliseconds(1));
    }
    return std::nullopt;
}

// Drains a running run until `count` sleeps or computations are under way at once: the moment
// a stop interrupts them rather than the statements before them. False after 10 s.
inline bool waitForOpenWork(Run &run, std::size_t count)
{
    Recorder::Cursor cursor;
    Trace live;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10000) {
        run.recorder()->drain(cursor, live);
        const auto waits = std::count_if(live.open.begin(), live.open.end(), [](const OpenSpan &s) {
            return s.kind == SpanKind::Wait || s.kind == SpanKind::Compute;
        });
        if (std::size_t(waits) >= count)
            return true;
        run.waitFor(std::chrono::milliseconds(1));
    }
    return false;
}

// Values as Python's repr shows them: "81", "'Task 1'", "None".
inline QStringList reprs(const std::vector<lang::Value> &values)
{
    QStringList out;
    for (const lang::Value &v : values)
        out << QString::fromStdString(v.repr());
    return out;
}

// How many calls the run had: its trace says.
inline std::size_t callCount(const RunResult &r)
{
    return r.trace.info ? r.trace.info->calls.size() : 0;
}

inline QStringList outputLines(const RunResult &r)
{
    QStringList lines;
    for (const Event *e : r.trace.output())
        lines << e->text;
    return lines;
}

inline double wallMs(const RunResult &r)
{
    return double(r.wallNs) / 1e6;
}

// What must hold for any finished run, whatever the mode.
inline void checkInvariants(const RunResult &r)
{
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY(r.trace.info != nullptr);
    const std::size_t calls = callCount(r);
    QVERIFY(r.wallNs > 0);
    for (std::size_t i = 0; i < r.trace.spans.size(); ++i) {
        const Span &s = r.trace.spans[i];
        QVERIFY2(s.startNs >= 0 && s.endNs <= r.wallNs && s.startNs <= s.endNs,
                 qPrintable(QStringLiteral("span %1 [%2, %3] outside the run [0, %4]")
                                .arg(i)
                                .arg(s.startNs)
                                .arg(s.endNs)
                                .arg(r.wallNs)));
        QVERIFY(r.trace.track(s.track) != nullptr);
        if (i > 0 && r.trace.spans[i - 1].track == s.track)
            QVERIFY2(s.startNs >= r.trace.spans[i - 1].endNs,
                     qPrintable(
                         QStringLiteral("spans %1 and %2 overlap on one track").arg(i - 1).arg(i)));
    }
    std::vector<int> submitted(calls), started(calls), finished(calls);
    for (const Event &e : r.trace.events) {
        QVERIFY(e.timeNs >= 0 && e.timeNs <= r.wallNs);
        if (!e.task.isValid())
            continue;
        QVERIFY(e.task.value() < calls);
        if (e.kind == EventKind::TaskSubmitted)
            ++submitted[e.task.value()];
        if (e.kind == EventKind::TaskStarted)
            ++started[e.task.value()];
        if (e.kind == EventKind::TaskFinished)
            ++finished[e.task.value()];
    }
    for (std::size_t i = 0; i < calls; ++i) {
        QCOMPARE(submitted[i], 1);
        QCOMPARE(started[i], 1);
        QCOMPARE(finished[i], 1);
    }
    QVERIFY(std::is_sorted(r.trace.events.begin(), r.trace.events.end(),
                           [](const Event &a, const Event &b) { return a.timeNs < b.timeNs; }));
    QCOMPARE(r.results.size(), calls);
}

} // namespace interleave::test
