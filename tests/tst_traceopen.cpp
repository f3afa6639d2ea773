// Trace files opened: the shapes VizTracer and py-spy write (from their documented output,
// since neither can be installed here), Interleave's own export and run JSON, and the files
// that are not traces.
#include "testsupport.h"

#include "chrometrace.h"
#include "openfile.h"
#include "runjson.h"
#include "tracebuilder.h"
#include "traceopen.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>

using namespace interleave;

namespace {

std::optional<RunResult> read(const QByteArray &bytes, QString *error)
{
    return readTrace(std::string_view(bytes.constData(), std::size_t(bytes.size())),
                     QStringLiteral("/tmp/trace.json"), error);
}

RunResult readOk(const QByteArray &bytes)
{
    QString error;
    auto run = read(bytes, &error);
    if (!run)
        qFatal("%s", qPrintable(error));
    return std::move(*run);
}

QString refusal(const QByteArray &bytes)
{
    QString error;
    return read(bytes, &error) ? QString() : error;
}

QJsonObject metadata(const char *what, int pid, int tid, const char *name)
{
    return {{"ph", "M"},
            {"name", what},
            {"pid", pid},
            {"tid", tid},
            {"args", QJsonObject{{"name", name}}}};
}

// VizTracer's C tracer: a complete event ("FEE") per function call, written as each call
// returns (callees before callers), times in microseconds of perf_counter; a print instant
// with the text in args.string for --log_print; counters; its own metadata and file contents.
QByteArray vizTracerTrace()
{
    QJsonArray events;
    const auto call = [&](int pid, int tid, double ts, double dur, const char *name) {
        events.append(QJsonObject{{"pid", pid},
                                  {"tid", tid},
                                  {"ts", ts},
                                  {"dur", dur},
                                  {"name", name},
                                  {"caller_lineno", 12},
                                  {"ph", "X"},
                                  {"cat", "FEE"}});
    };
    const auto print = [&](int pid, int tid, double ts, const char *text) {
        events.append(QJsonObject{{"ph", "i"},
                                  {"name", "print"},
                                  {"pid", pid},
                                  {"tid", tid},
                                  {"ts", ts},
                                  {"s", "p"},
                                  {"args", QJsonObject{{"string", text}}}});
    };
    const double t0 = 8'123'456.789; // perf_counter's origin is anywhere
    // Thread-1: worker() sleeps twice, printing after each; MainThread joins it.
    call(100, 101, t0 + 10, 100'000, "time.sleep");
    print(100, 101, t0 + 100'011, "slept\n");
    call(100, 101, t0 + 100'020, 50'000, "<built-in function sleep>");
    print(100, 101, t0 + 150'021, "again\nand done\n");
    call(100, 101, t0 + 5, 150'030, "worker (/home/me/demo.py:4)");
    call(100, 101, t0 + 2, 150'040, "run (/usr/lib/python3.11/threading.py:975)");
    call(100, 100, t0 + 3, 150'050, "join (/usr/lib/python3.11/threading.py:1080)");
    call(100, 100, t0, 150'100, "<module> (/home/me/demo.py:1)");
    // A second process, and a lock acquired there.
    call(200, 200, t0 + 40, 1'000, "<method 'acquire' of '_thread.lock' objects>");
    call(200, 200, t0 + 30, 5'000, "child (/home/me/demo.py:9)");
    events.append(QJsonObject{{"ph", "C"},
                              {"name", "counter"},
                              {"pid", 100},
                              {"tid", 100},
                              {"ts", t0 + 1},
                              {"args", QJsonObject{{"value", 3}}}});
    events.append(metadata("process_name", 100, 100, "MainProcess"));
    events.append(metadata("process_name", 200, 200, "Process-1"));
    events.append(metadata("thread_name", 100, 100, "MainThread"));
    events.append(metadata("thread_name", 100, 101, "Thread-1 (worker)"));
    events.append(metadata("thread_name", 200, 200, "MainThread"));
    const QJsonObject doc{
        {"traceEvents", events},
        {"viztracer_metadata", QJsonObject{{"version", "0.16.3"}, {"overflow", false}}},
        {"file_info",
         QJsonObject{{"files", QJsonObject{{"/home/me/demo.py", QJsonArray{"import time\n", 14}}}},
                     {"functions", QJsonObject{}}}},
        {"displayTimeUnit", "ns"}};
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

// py-spy's chrometrace: one array, begin and end events per sampled frame with integer
// microseconds since it started, a thread_name "<thread id>: <name>" per thread, and end
// events at the last sample for frames still open.
QByteArray pySpyTrace()
{
    QJsonArray events;
    const auto frame = [&](int tid, const char *ph, qint64 ts, const char *name) {
        events.append(QJsonObject{
            {"args", QJsonObject{{"filename", "/home/me/w.py"}, {"line", QJsonValue::Null}}},
            {"cat", "py-spy"},
            {"name", name},
            {"ph", ph},
            {"pid", 4242},
            {"tid", tid},
            {"ts", ts}});
    };
    events.append(QJsonObject{{"args", QJsonObject{{"filename", ""},
                                                   {"line", QJsonValue::Null},
                                                   {"name", "140001234: MainThread"}}},
                              {"cat", "py-spy"},
                              {"name", "thread_name"},
                              {"ph", "M"},
                              {"pid", 4242},
                              {"tid", 0},
                              {"ts", 0}});
    frame(1, "E", 100, "stale"); // an end with no beginning: ignored
    frame(0, "B", 100, "<module>");
    frame(0, "B", 100, "main");
    frame(1, "B", 110, "work");
    frame(1, "B", 130, "sleep");
    frame(1, "E", 50'130, "sleep");
    frame(0, "B", 200, "join");
    frame(0, "E", 60'000, "join");
    frame(1, "E", 60'000, "work");
    frame(0, "E", 65'000, "main");
    frame(1, "B", 80'000, "idle");
    // <module> and idle are never ended: they end where the file does
    return QJsonDocument(events).toJson(QJsonDocument::Compact);
}

struct Flat
{
    QString thread;
    SpanKind kind;
    QString call;
    std::int64_t startNs;
    std::int64_t endNs;
    bool operator==(const Flat &) const = default;
};

std::vector<Flat> flat(const RunResult &r)
{
    std::vector<Flat> out;
    for (const Span &s : r.trace.spans)
        out.push_back({r.trace.tracks[s.track.value()].name, s.kind, r.trace.info->label(s.task),
                       s.startNs, s.endNs});
    return out;
}

void compareTraces(const RunResult &a, const RunResult &b)
{
    QCOMPARE(b.trace.tracks.size(), a.trace.tracks.size());
    for (std::size_t i = 0; i < a.trace.tracks.size(); ++i) {
        QCOMPARE(b.trace.tracks[i].name, a.trace.tracks[i].name);
        QCOMPARE(b.trace.tracks[i].pid, a.trace.tracks[i].pid);
        QCOMPARE(b.trace.tracks[i].tid, a.trace.tracks[i].tid);
        QCOMPARE(int(b.trace.tracks[i].role), int(a.trace.tracks[i].role));
    }
    QCOMPARE(b.trace.spans.size(), a.trace.spans.size());
    for (std::size_t i = 0; i < a.trace.spans.size(); ++i) {
        const Span &x = a.trace.spans[i];
        const Span &y = b.trace.spans[i];
        QCOMPARE(y.track, x.track);
        QCOMPARE(int(y.kind), int(x.kind));
        QCOMPARE(y.startNs, x.startNs);
        QCOMPARE(y.endNs, x.endNs);
        if (a.trace.tracks[x.track.value()].role == TrackRole::Gil)
            QCOMPARE(y.task, x.task); // the holder's track
        else
            QCOMPARE(b.trace.info->label(y.task), a.trace.info->label(x.task));
    }
    QCOMPARE(test::outputLines(b), test::outputLines(a));
    QCOMPARE(b.stdoutBytes, a.stdoutBytes);
    QCOMPARE(b.wallNs, a.wallNs);
    QCOMPARE(b.workload, a.workload);
    QCOMPARE(int(b.mode()), int(a.mode()));
}

} // namespace

class TestTraceOpen : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void vizTracerNestedCallsShowTheInnermost()
    {
        const RunResult r = readOk(vizTracerTrace());
        QVERIFY(r.source);
        QCOMPARE(r.source->format, QStringLiteral("VizTracer"));
        QVERIFY(!r.source->madeHere);
        // Threads grouped by pid, named by the metadata; processes named too.
        QCOMPARE(r.trace.tracks.size(), std::size_t(3));
        QCOMPARE(r.trace.tracks[0].name, QStringLiteral("MainThread")); // by tid, not as came
        QCOMPARE(r.trace.processes.size(), std::size_t(2));
        QCOMPARE(r.trace.processes[1].name, QStringLiteral("Process-1"));
        const auto spans = flat(r);
        const auto on = [&](const char *thread) {
            std::vector<Flat> out;
            std::copy_if(spans.begin(), spans.end(), std::back_inserter(out),
                         [&](const Flat &f) { return f.thread == QLatin1String(thread); });
            return out;
        };
        // Times count from the file's first moment, in nanoseconds.
        const std::vector<Flat> worker = on("Thread-1 (worker)");
        const QString run = QStringLiteral("run (/usr/lib/python3.11/threading.py:975)");
        const QString work = QStringLiteral("worker (/home/me/demo.py:4)");
        const std::vector<Flat> expected{
            {"Thread-1 (worker)", SpanKind::Python, run, 2'000, 5'000},
            {"Thread-1 (worker)", SpanKind::Python, work, 5'000, 10'000},
            {"Thread-1 (worker)", SpanKind::Wait, QStringLiteral("time.sleep"), 10'000,
             100'010'000},
            {"Thread-1 (worker)", SpanKind::Python, work, 100'010'000, 100'020'000},
            {"Thread-1 (worker)", SpanKind::Wait, QStringLiteral("<built-in function sleep>"),
             100'020'000, 150'020'000},
            {"Thread-1 (worker)", SpanKind::Python, work, 150'020'000, 150'035'000},
            {"Thread-1 (worker)", SpanKind::Python, run, 150'035'000, 150'042'000}};
        QCOMPARE(worker.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(worker[i].call, expected[i].call);
            QCOMPARE(int(worker[i].kind), int(expected[i].kind));
            QCOMPARE(worker[i].startNs, expected[i].startNs);
            QCOMPARE(worker[i].endNs, expected[i].endNs);
        }
        const std::vector<Flat> main = on("MainThread");
        QCOMPARE(int(main[1].kind), int(SpanKind::Join));
        QVERIFY(std::any_of(spans.begin(), spans.end(),
                            [](const Flat &f) { return f.kind == SpanKind::LockWait; }));
        // Prints: a write each, a line per line, in order; stdout as they were written.
        QCOMPARE(test::outputLines(r), (QStringList{"slept", "again", "and done"}));
        QCOMPARE(r.stdoutBytes, QByteArray("slept\nagain\nand done\n"));
        QCOMPARE(r.trace.writes().size(), std::size_t(2));
        QCOMPARE(r.wallNs, std::int64_t(150'100'000));
        QCOMPARE(r.workload, QStringLiteral("trace"));
        QVERIFY(describeTrace(r).startsWith(
            QStringLiteral("trace.json, recorded by VizTracer: 3 threads in 2 processes")));
        // The run --json object says where it came from and that no mode ran it.
        const QJsonObject o = runToJson(r);
        QVERIFY(o.value(QStringLiteral("mode")).isNull());
        // That document opens again, as the same trace.
        const RunResult again = readOk(QJsonDocument(o).toJson(QJsonDocument::Compact));
        QCOMPARE(flat(again).size(), flat(r).size());
        QCOMPARE(test::outputLines(again), test::outputLines(r));
        QCOMPARE(o.value(QStringLiteral("source")).toObject().value("format").toString(),
                 QStringLiteral("VizTracer"));
    }

    void pySpyBeginsAndEndsNest()
    {
        const RunResult r = readOk(pySpyTrace());
        QCOMPARE(r.source->format, QStringLiteral("py-spy"));
        QCOMPARE(r.trace.tracks[0].name, QStringLiteral("MainThread")); // "140001234: " dropped
        const auto spans = flat(r);
        const std::vector<std::tuple<QString, SpanKind, std::int64_t, std::int64_t>> main{
            {"main", SpanKind::Python, 0, 100'000},
            {"join", SpanKind::Join, 100'000, 59'900'000},
            {"main", SpanKind::Python, 59'900'000, 64'900'000},
            {"<module>", SpanKind::Python, 64'900'000, 79'900'000}}; // to the file's end
        for (std::size_t i = 0; i < main.size(); ++i) {
            QCOMPARE(spans[i].thread, QStringLiteral("MainThread"));
            QCOMPARE(spans[i].call, std::get<0>(main[i]));
            QCOMPARE(int(spans[i].kind), int(std::get<1>(main[i])));
            QCOMPARE(spans[i].startNs, std::get<2>(main[i]));
            QCOMPARE(spans[i].endNs, std::get<3>(main[i]));
        }
        const auto thread1 = std::find_if(spans.begin(), spans.end(),
                                          [](const Flat &f) { return f.call == "sleep"; });
        QVERIFY(thread1 != spans.end());
        QCOMPARE(int(thread1->kind), int(SpanKind::Wait));
        QCOMPARE(thread1->thread, QStringLiteral("Thread 1")); // unnamed: its tid
        QCOMPARE(thread1->endNs - thread1->startNs, std::int64_t(50'000'000));
    }

    void anOwnExportReopensAsTheRun_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("gil");
        QTest::newRow("threads, GIL") << int(Mode::Threads) << true;
        QTest::newRow("processes") << int(Mode::Processes) << false;
    }

    void anOwnExportReopensAsTheRun()
    {
        QFETCH(int, mode);
        QFETCH(bool, gil);
        RunOptions options;
        options.mode = Mode(mode);
        options.gil = gil;
        options.buffering = lang::Buffering::Unbuffered;
        const RunResult original = test::run(test::builtin("square-cube"), options);
        QVERIFY(original.ok());
        const RunResult chrome = readOk(toChromeTrace(original));
        QVERIFY(chrome.source->madeHere);
        QCOMPARE(chrome.source->format, QStringLiteral("Interleave"));
        compareTraces(original, chrome);
        QVERIFY(chrome.trace.processes.empty()); // named as the recorder names them
        // run --json, read back: the same, to the nanosecond.
        const QByteArray json = QJsonDocument(runToJson(original)).toJson(QJsonDocument::Compact);
        const RunResult again = readOk(json);
        compareTraces(original, again);
        QCOMPARE(again.trace.events.size(), original.trace.events.size());
    }

    // The kernel reuses a finished thread's tid: each thread still gets a row of its own in the
    // file, and reopened shows its OS tid.
    void reusedThreadIdsKeepTheirRows()
    {
        RunResult original = test::runToEnd(test::builtin("square-cube"), Mode::Threads);
        QVERIFY(original.ok());
        auto &tracks = original.trace.tracks;
        QCOMPARE(tracks.size(), std::size_t(3));
        tracks[2].tid = tracks[1].tid; // Thread-2 given Thread-1's tid
        const QByteArray bytes = toChromeTrace(original);
        QSet<qint64> rows;
        for (const QJsonValue &e :
             QJsonDocument::fromJson(bytes)[QStringLiteral("traceEvents")].toArray()) {
            if (e[QStringLiteral("name")] == QStringLiteral("thread_name"))
                rows.insert(e[QStringLiteral("tid")].toInteger());
        }
        QCOMPARE(rows.size(), 3);
        const RunResult chrome = readOk(bytes);
        compareTraces(original, chrome);
        QCOMPARE(chrome.trace.tracks[2].tid, tracks[1].tid);
    }

    void whatIsNotATraceIsRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray("  \n") << "trace.json is empty";
        QTest::newRow("gzip") << QByteArray("\x1f\x8b\x08\x00", 4) << "compressed with gzip";
        QTest::newRow("html") << QByteArray("<!DOCTYPE html><html>") << "an HTML or XML page";
        QTest::newRow("binary") << QByteArray("\x01\x02\x03", 3) << "not even text";
        QTest::newRow("UTF-16") << QByteArray("\xFF\xFE[\0]\0", 6) << "is UTF-16 text";
        QTest::newRow("broken JSON") << QByteArray("{\"traceEvents\": [\n  {\"ph\": \"X\",}\n]}")
                                     << "not valid JSON: line 2, column 14: expected a field name";
        QTest::newRow("cut short")
            << QByteArray("[{\"ph\": \"X\", \"ts\": 1") << "not valid JSON: line 1, column 21";
        QTest::newRow("a number") << QByteArray("42") << "JSON but not a trace";
        QTest::newRow("no events") << QByteArray("{\"a\": [1, 2]}") << "no \"traceEvents\"";
        QTest::newRow("a workload")
            << QByteArray(
                   "{\"name\": \"w\", \"functions\": {\"f()\": [\"pass\"]}, \"calls\": [\"f()\"]}")
            << "is a workload, not a trace";
        QTest::newRow("nothing shown")
            << QByteArray("{\"traceEvents\": [{\"ph\": \"C\", \"ts\": 1}, {\"ph\": \"X\"}, 7]}")
            << "holds no events Interleave can show (3 read";
        QTest::newRow("times out of reach")
            << QByteArray("[{\"ph\": \"X\", \"ts\": 1e16, \"dur\": 1}]")
            << "(1 read: it shows \"X\", \"B\"/\"E\" and instant events with a \"ts\"); "
               "\"ts\" is not a number of microseconds within ±4e15";
        // 500 days between two events: more than a span's 56 bits of nanoseconds hold.
        QTest::newRow("years apart") << QByteArray("[{\"ph\": \"X\", \"ts\": 0, \"dur\": 1}, "
                                                   "{\"ph\": \"X\", \"ts\": 4.32e13, \"dur\": 1}]")
                                     << "spans more than 417 days";
        QTest::newRow("run JSON years long")
            << QByteArray("{\"workload\": \"w\", \"mode\": \"threads\", \"wall_ms\": 4e10}")
            << "a time beyond ±417 days";
    }

    void whatIsNotATraceIsRefused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        const QString error = refusal(bytes);
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void unknownFieldsAreIgnoredAndBadEventsCounted()
    {
        const QByteArray bytes = "{\"meta\": {\"x\": [1, {\"y\": null}]}, \"traceEvents\": [\n"
                                 "            {\"ph\": \"X\", \"ts\": 1.5, \"dur\": 2, \"pid\": 1, "
                                 "\"tid\": 2, \"name\": \"f\\u00e9\\n\", \"zz\": [true],\n"
                                 "             \"args\": {\"deep\": {\"er\": [1, 2, {\"x\": "
                                 "\"\\\"quoted\\\"\"}]}}, \"id2\": {\"local\": \"0x1\"}},\n"
                                 "            {\"ph\": \"X\", \"ts\": \"soon\", \"pid\": 1, "
                                 "\"tid\": 2, \"name\": \"bad\"},\n"
                                 "            {\"ph\": \"i\", \"ts\": 3, \"pid\": \"renderer\", "
                                 "\"tid\": 7, \"name\": \"a mark\", \"s\": \"t\"}\n"
                                 "        ], \"samples\": [], \"stackFrames\": {}}";
        const RunResult r = readOk(bytes);
        QCOMPARE(r.trace.spans.size(), std::size_t(1));
        QCOMPARE(r.trace.info->label(r.trace.spans[0].task), QStringLiteral("f\u00e9\n"));
        QCOMPARE(r.trace.spans[0].durationNs(), std::int64_t(2'000));
        QCOMPARE(r.source->skipped, std::size_t(1));
        QCOMPARE(r.trace.events.size(), std::size_t(1));
        QCOMPARE(int(r.trace.events[0].kind), int(EventKind::Mark));
        QCOMPARE(r.trace.events[0].text, QStringLiteral("a mark"));
        QVERIFY(describeTrace(r).contains(QStringLiteral("1 event not understood")));
    }

    void spansThatOverlapWithoutNestingKeepTheirEnds()
    {
        // x 0-100 µs and y 50-150 overlap; z 120-125 begins inside y.
        const RunResult r = readOk("[{\"ph\": \"X\", \"ts\": 0, \"dur\": 100, \"pid\": 1, "
                                   "\"tid\": 1, \"name\": \"x\"},"
                                   "{\"ph\": \"X\", \"ts\": 50, \"dur\": 100, \"pid\": 1, "
                                   "\"tid\": 1, \"name\": \"y\"},"
                                   "{\"ph\": \"X\", \"ts\": 120, \"dur\": 5, \"pid\": 1, "
                                   "\"tid\": 1, \"name\": \"z\"},"
                                   "{\"ph\": \"X\", \"ts\": 200, \"dur\": 0, \"pid\": 1, "
                                   "\"tid\": 1, \"name\": \"no time\"}]");
        const auto spans = flat(r);
        const std::vector<std::tuple<const char *, std::int64_t, std::int64_t>> expected{
            {"x", 0, 50'000},
            {"y", 50'000, 120'000},
            {"z", 120'000, 125'000},
            {"y", 125'000, 150'000}};
        QCOMPARE(spans.size(), expected.size());
        for (std::size_t i = 0; i < spans.size(); ++i) {
            QCOMPARE(spans[i].call, QString::fromLatin1(std::get<0>(expected[i])));
            QCOMPARE(spans[i].startNs, std::get<1>(expected[i]));
            QCOMPARE(spans[i].endNs, std::get<2>(expected[i]));
        }
    }

    void whatOtherToolsWriteIsTakenAsTheyMeanIt()
    {
        // Microseconds since 1970, ids as text or names, begin/end out of order, a name and a
        // category of the wrong type, a lone surrogate and a byte-order mark.
        const RunResult r =
            readOk("\xEF\xBB\xBF[{\"ph\": \"E\", \"pid\": \"7\", \"tid\": \"main\", "
                   "\"ts\": 1700000000000010},"
                   "{\"ph\": \"B\", \"name\": \"late \\ud800\", \"pid\": \"7\", "
                   "\"tid\": \"main\", \"ts\": 1700000000000000},"
                   "{\"ph\": \"X\", \"name\": 5, \"cat\": [\"a\"], \"pid\": \"renderer\", "
                   "\"tid\": 3, \"ts\": 1700000000000002, \"dur\": 1},"
                   "{\"ph\": \"X\", \"name\": \"no dur\", \"pid\": 7, \"tid\": 1, "
                   "\"ts\": 1700000000000003},"
                   "{\"ph\": \"X\", \"name\": \"back\", \"pid\": 7, \"tid\": 1, \"ts\": 1e400, "
                   "\"dur\": 1}]");
        QCOMPARE(r.trace.tracks.size(), std::size_t(2));
        QCOMPARE(r.trace.tracks[0].pid, Pid(7)); // "7" is 7
        QCOMPARE(r.trace.tracks[0].name, QStringLiteral("main"));
        QCOMPARE(r.trace.processes[1].name, QStringLiteral("renderer"));
        const auto spans = flat(r);
        QCOMPARE(spans.size(), std::size_t(2));
        QCOMPARE(spans[0].call, QStringLiteral("late \uFFFD"));
        QCOMPARE(spans[0].endNs - spans[0].startNs, std::int64_t(10'000));
        QCOMPARE(spans[1].call, QString()); // a name that is not a text: no name
        QCOMPARE(r.source->skipped, std::size_t(2));
        QCOMPARE(r.source->problem, QStringLiteral("an \"X\" event has no \"dur\""));
        QVERIFY(describeTrace(r).contains(QStringLiteral(
            "2 events not understood and passed over (the first: an \"X\" event has no")));
        // Thread and process names are cut to a label's length.
        const QByteArray longName(1'000'000, 'C');
        const RunResult named = readOk("[{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": 1, "
                                       "\"tid\": 1, \"args\": {\"name\": \"" +
                                       longName +
                                       "\"}}, {\"ph\": \"X\", \"ts\": 0, \"dur\": 1, "
                                       "\"pid\": 1, \"tid\": 1}]");
        QCOMPARE(named.trace.tracks[0].name.size(), TraceBuilder::kMaxNameLength);
    }

    void filesAreMappedAndStoppable()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY(!openTraceFile(dir.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("is a folder")), qPrintable(error));
        QVERIFY(!openTraceFile(QStringLiteral("/dev/null"), &error));
        QVERIFY2(error.contains(QStringLiteral("not a regular file")), qPrintable(error));
        QVERIFY(!openTraceFile(dir.filePath(QStringLiteral("none.json")), &error));
        QVERIFY2(error.contains(QStringLiteral("cannot read")), qPrintable(error));

        // 200,000 complete events (about 20 MB): read whole, or stopped at the first report.
        const QString path = dir.filePath(QStringLiteral("big.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[");
        for (int i = 0; i < 200'000; ++i) {
            file.write(QStringLiteral("%1{\"ph\":\"X\",\"cat\":\"FEE\",\"name\":\"f%2 "
                                      "(/home/me/a_rather_long_path/module.py:12)\",\"pid\":1,"
                                      "\"tid\":%3,\"ts\":%4,\"dur\":3.5}\n")
                           .arg(i == 0 ? "" : ",")
                           .arg(i % 50)
                           .arg(i % 4)
                           .arg(i * 5)
                           .toUtf8());
        }
        file.write("]");
        file.close();
        TraceProgress progress;
        const auto run = openTraceFile(path, &error, &progress);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->trace.spans.size(), std::size_t(200'000));
        QCOMPARE(run->trace.tracks.size(), std::size_t(4));
        QCOMPARE(run->trace.info->calls.size(), std::size_t(50));
        QVERIFY(progress.percent > 0);
        TraceProgress stopped;
        stopped.stop = true;
        QVERIFY(!openTraceFile(path, &error, &stopped));
        QCOMPARE(error, QStringLiteral("opening big.json was stopped"));
    }

    void aTraceOpenedAsAWorkloadSaysWhere()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(vizTracerTrace());
        file.close();
        const WorkloadParse parsed = openWorkloadFile(path);
        QVERIFY(!parsed.workload);
        QVERIFY2(parsed.error.contains(QStringLiteral("is a trace, not a workload")),
                 qPrintable(parsed.error));
    }
};

QTEST_GUILESS_MAIN(TestTraceOpen)
#include "tst_traceopen.moc"
