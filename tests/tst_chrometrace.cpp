#include "testsupport.h"

#include "chrometrace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <csignal>
#include <sys/resource.h>

using namespace interleave;

namespace {

QJsonArray eventsOf(const RunResult &r)
{
    return QJsonDocument::fromJson(toChromeTrace(r))
        .object()
        .value(QStringLiteral("traceEvents"))
        .toArray();
}

} // namespace

class TestChromeTrace : public QObject
{
    Q_OBJECT

private:
    Workload m_workload = test::builtin("square-cube");
    RunResult m_result;

private Q_SLOTS:
    void initTestCase() { m_result = test::runToEnd(m_workload, Mode::Threads); }

    void oneCompleteEventPerSpan()
    {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(toChromeTrace(m_result), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray events = doc.object().value(QStringLiteral("traceEvents")).toArray();
        int complete = 0, prints = 0, threadNames = 0, processNames = 0;
        QSet<QString> names;
        for (const QJsonValue &v : events) {
            const QJsonObject e = v.toObject();
            const QString ph = e.value(QStringLiteral("ph")).toString();
            QVERIFY(e.contains(QStringLiteral("pid")) && e.contains(QStringLiteral("tid")));
            if (ph == QLatin1String("X")) {
                ++complete;
                QVERIFY(e.value(QStringLiteral("dur")).toDouble() >= 0);
                QVERIFY(e.value(QStringLiteral("ts")).toDouble() >= 0);
            } else if (ph == QLatin1String("i") &&
                       e.value(QStringLiteral("cat")).toString() == QLatin1String("print")) {
                ++prints;
            } else if (ph == QLatin1String("M") &&
                       e.value(QStringLiteral("name")).toString() == QLatin1String("thread_name")) {
                ++threadNames;
                names << e.value(QStringLiteral("args"))
                             .toObject()
                             .value(QStringLiteral("name"))
                             .toString();
            } else if (ph == QLatin1String("M") && e.value(QStringLiteral("name")).toString() ==
                                                       QLatin1String("process_name")) {
                ++processNames;
            }
        }
        // A slice per span and one per call around them.
        QCOMPARE(complete, int(m_result.trace.spans.size() + test::callCount(m_result)));
        QCOMPARE(prints, int(m_result.trace.output().size()));
        QCOMPARE(threadNames, int(m_result.trace.tracks.size()));
        QCOMPARE(processNames, 1);
        QVERIFY(names.contains(QStringLiteral("Thread-1 (calc_square)")));
        const QJsonObject meta = doc.object().value(QStringLiteral("otherData")).toObject();
        QCOMPARE(meta.value(QStringLiteral("cancelled")).toBool(), false);
        QCOMPARE(meta.value(QStringLiteral("mode")).toString(), QStringLiteral("threads"));
    }

    // Viewers that group slices by name (speedscope, Chrome's Performance panel) see each
    // call: spans are named after their call with their kind as the category, no task ids.
    void spansAreNamedAfterTheirCalls()
    {
        const QJsonArray events = eventsOf(m_result);
        QSet<QString> names, calls;
        for (const QJsonValue &v : events) {
            const QJsonObject e = v.toObject();
            if (e.value(QStringLiteral("ph")).toString() != QLatin1String("X"))
                continue;
            QVERIFY(!e.value(QStringLiteral("args")).toObject().contains(QStringLiteral("task")));
            names << e.value(QStringLiteral("name")).toString() + QStringLiteral(" | ") +
                         e.value(QStringLiteral("cat")).toString();
            if (e.value(QStringLiteral("cat")).toString() == QLatin1String("call"))
                calls << e.value(QStringLiteral("name")).toString();
        }
        QVERIFY2(names.contains(QStringLiteral("wait · calc_square([2, 3, 8, 9]) | wait")),
                 qPrintable(QStringList(names.begin(), names.end()).join(QLatin1Char('\n'))));
        QVERIFY(names.contains(QStringLiteral("join | join")));
        QCOMPARE(calls, (QSet<QString>{QStringLiteral("calc_square([2, 3, 8, 9])"),
                                       QStringLiteral("calc_cube([2, 3, 8, 9])")}));
    }

    // Worker processes are named as in the window, the GIL lane is off tid 0, a stopped run
    // says so with an instant.
    void processesLanesAndStopsAreNamed()
    {
        const RunResult processes =
            test::runToEnd(test::builtin("sleep-twice"), Mode::Processes, 2);
        QVERIFY2(processes.ok(), qPrintable(processes.error));
        QStringList processNames, sortIndexes;
        for (const QJsonValue &v : eventsOf(processes)) {
            const QJsonObject e = v.toObject();
            const QString name = e.value(QStringLiteral("name")).toString();
            if (name == QLatin1String("process_name"))
                processNames << e.value(QStringLiteral("args"))
                                    .toObject()
                                    .value(QStringLiteral("name"))
                                    .toString();
            if (name == QLatin1String("process_sort_index"))
                sortIndexes << QString::number(e.value(QStringLiteral("args"))
                                                   .toObject()
                                                   .value(QStringLiteral("sort_index"))
                                                   .toInt());
        }
        QCOMPARE(processNames,
                 (QStringList{QStringLiteral("interleave: sleep-twice (processes)"),
                              QStringLiteral("Process-1"), QStringLiteral("Process-2")}));
        QCOMPARE(sortIndexes,
                 (QStringList{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2")}));

        RunOptions gil;
        gil.mode = Mode::Threads;
        gil.gil = true;
        RunResult stopped = test::run(test::fixture("quick.json"), gil);
        QVERIFY2(stopped.ok(), qPrintable(stopped.error));
        stopped.cancelled = true; // as a stopped run is kept
        bool lane = false, stopInstant = false;
        for (const QJsonValue &v : eventsOf(stopped)) {
            const QJsonObject e = v.toObject();
            if (e.value(QStringLiteral("cat")).toString() == QLatin1String("gil"))
                lane = e.value(QStringLiteral("tid")).toDouble() >= 2e9;
            stopInstant = stopInstant || e.value(QStringLiteral("name")).toString() ==
                                             QLatin1String("run stopped");
        }
        QVERIFY(lane);
        QVERIFY(stopInstant);
    }

    void writeIsAtomic()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("trace.json"));
        QCOMPARE(writeChromeTrace(m_result, path), QString());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList({"trace.json"}));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(file.readAll()).isObject());

        const QString bad = dir.filePath(QStringLiteral("no-such-dir/trace.json"));
        const QString error = writeChromeTrace(m_result, bad);
        QVERIFY2(error.startsWith(bad), qPrintable(error));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot),
                 QStringList({"trace.json"}));
    }

    void failedWritePartWayLeavesNothing()
    {
        // A file-size limit makes writes fail part-way, as a full disk does: the export must
        // report it and leave neither a truncated trace nor its temporary file behind.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("trace.json"));
        struct rlimit old
        {};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        struct rlimit small = old;
        small.rlim_cur = 512;
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
        const QString error = writeChromeTrace(m_result, path);
        setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY2(error.startsWith(path), qPrintable(error));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList());
    }
};

QTEST_GUILESS_MAIN(TestChromeTrace)
#include "tst_chrometrace.moc"
