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
        QCOMPARE(complete, int(m_result.trace.spans.size()));
        QCOMPARE(prints, int(m_result.trace.output().size()));
        QCOMPARE(threadNames, int(m_result.trace.tracks.size()));
        QCOMPARE(processNames, 1);
        QVERIFY(names.contains(QStringLiteral("Thread-1 (calc_square)")));
        const QJsonObject meta = doc.object().value(QStringLiteral("otherData")).toObject();
        QCOMPARE(meta.value(QStringLiteral("cancelled")).toBool(), false);
        QCOMPARE(meta.value(QStringLiteral("mode")).toString(), QStringLiteral("threads"));
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
