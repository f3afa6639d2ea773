#include "testsupport.h"

#include "buildinfo.h"

#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <QElapsedTimer>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <thread>
#include <unistd.h>

using namespace interleave;

namespace {

struct Outcome
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Outcome runCli(const QStringList &args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(QStringLiteral(INTERLEAVE_BINARY), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QJsonObject parseObject(const QByteArray &bytes)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    return error.error == QJsonParseError::NoError ? doc.object() : QJsonObject();
}

// The worker processes: the children of interleave's engine thread.
QList<long long> childrenOf(qint64 pid)
{
    QList<long long> children;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(tasks.filePath(tid + QStringLiteral("/children")));
        if (f.open(QIODevice::ReadOnly)) {
            for (const QByteArray &c : f.readAll().split(' '))
                if (!c.trimmed().isEmpty())
                    children << c.trimmed().toLongLong();
        }
    }
    return children;
}

// Rows of badArgumentsAreOneLineAndStatus2, by command.

// run: the workload, the mode, the workers, the options and the budget.
void addRunArgumentErrors()
{
    const QString bad = QStringLiteral(INTERLEAVE_TEST_DATA "/malformed.json");
    QTest::newRow("unknown mode") << QStringList{"run", "--workload", "square-cube", "--mode",
                                                 "fibers"}
                                  << "unknown mode 'fibers'";
    QTest::newRow("unknown workload")
        << QStringList{"run", "--workload", "nope", "--mode", "threads"}
        << "unknown workload 'nope'";
    QTest::newRow("empty trace name")
        << QStringList{"run", "--workload", "square-cube", "--mode", "threads", "--trace", ""}
        << "--trace needs a file name";
    QTest::newRow("workers 0") << QStringList{"run",    "--workload", "square-cube",
                                              "--mode", "pool",       "--workers",
                                              "0"}
                               << "--workers must be";
    QTest::newRow("no workload") << QStringList{"run", "--mode", "threads"}
                                 << "missing --workload: a built-in's name ('interleave list' "
                                    "lists them) or a workload file (see 'interleave --help')";
    QTest::newRow("switch interval 0")
        << QStringList{"run",     "--workload", "cpu-primes",        "--mode",
                       "threads", "--gil",      "--switch-interval", "0"}
        << "run: --switch-interval must be a number of milliseconds from 0.1 to 100, not '0'";
    QTest::newRow("workers 257") << QStringList{"run",  "--workload", "square-cube", "--mode",
                                                "pool", "--workers",  "257"}
                                 << "--workers must be";
    QTest::newRow("workers text") << QStringList{"run",  "--workload", "square-cube", "--mode",
                                                 "pool", "--workers",  "many"}
                                  << "--workers must be";
    QTest::newRow("processes workers 300")
        << QStringList{"run",       "--workload", "square-cube", "--mode",
                       "processes", "--workers",  "300"}
        << "--workers must be";
    QTest::newRow("no mode") << QStringList{"run", "--workload", "square-cube"} << "missing --mode";
    QTest::newRow("no workload") << QStringList{"run", "--mode", "threads"} << "missing --workload";
    QTest::newRow("unknown option") << QStringList{"run", "--wrokers", "2"} << "wrokers";
    QTest::newRow("unknown command") << QStringList{"rnu"} << "unknown command 'rnu'";
    QTest::newRow("malformed file") << QStringList{"run", "--workload", bad, "--mode", "threads"}
                                    << "malformed.json:4:3: expected ',' or '}'";
    QTest::newRow("set unknown option")
        << QStringList{"run",     "--workload", "shared-counter", "--mode",
                       "threads", "--set",      "lockd=true"}
        << "--set: shared-counter has no option 'lockd': its options are locked";
    QTest::newRow("set bad value")
        << QStringList{"run",     "--workload", "shared-counter", "--mode",
                       "threads", "--set",      "locked=maybe"}
        << "option locked is true or false, not 'maybe'";
    QTest::newRow("set without options")
        << QStringList{"run",     "--workload", "sleep-twice", "--mode",
                       "threads", "--set",      "locked=true"}
        << "sleep-twice has no options to set";
    QTest::newRow("past the run's budget")
        << QStringList{"run", "--workload",
                       QStringLiteral(INTERLEAVE_TEST_DATA "/over-budget-wait.json"), "--mode",
                       "threads"}
        << "over-budget-wait would wait at least 1.0 h in threads mode";
    QTest::newRow("repeat 0") << QStringList{"run",  "--workload", "cpu-primes", "--mode",
                                             "pool", "--repeat",   "0"}
                              << "--repeat must be a whole number from 1 to 50, not '0'";
}

// compare and sweep.
void addCompareAndSweepArgumentErrors()
{
    QTest::newRow("compare past the run's budget")
        << QStringList{"compare", "--workload",
                       QStringLiteral(INTERLEAVE_TEST_DATA "/over-budget-wait.json")}
        << "would wait at least 11.4 years in sequential mode";
    QTest::newRow("sweep threads")
        << QStringList{"sweep", "--workload", "cpu-primes", "--mode", "threads"}
        << "threads mode starts a thread per call; sweep pool or processes";
    QTest::newRow("sweep bad range")
        << QStringList{"sweep", "--workload", "cpu-primes", "--mode", "pool", "--workers", "0..4"}
        << "workers must be counts from 1 to 256 like 1..8 or 1,2,4, not '0..4'";
    QTest::newRow("sweep too many")
        << QStringList{"sweep", "--workload", "cpu-primes", "--mode", "pool", "--workers", "1..100"}
        << "at most 64 counts in a sweep";
    QTest::newRow("compare bad mode")
        << QStringList{"compare", "--workload", "square-cube", "--modes", "sequential,fast"}
        << "unknown mode 'fast'";
}

// export: the image, its size, scale and paper.
void addExportArgumentErrors()
{
    QTest::newRow("export without image")
        << QStringList{"export", "--workload", "sleep-twice", "--mode", "threads"}
        << "missing --image";
    QTest::newRow("export unknown format")
        << QStringList{"export",  "--workload", "sleep-twice", "--mode",
                       "threads", "--image",    "t.gif"}
        << "--image must end in .png, .jpg, .svg or .pdf, not 't.gif'";
    QTest::newRow("export bad size")
        << QStringList{"export",  "--workload", "sleep-twice", "--mode", "threads",
                       "--image", "t.png",      "--size",      "10x10"}
        << "the size must be WIDTHxHEIGHT";
    QTest::newRow("export pdf with a size")
        << QStringList{"export",  "--workload", "sleep-twice", "--mode", "threads",
                       "--image", "t.pdf",      "--size",      "900x500"}
        << "--size does not apply to a PDF";
    QTest::newRow("export svg scaled")
        << QStringList{"export",  "--workload", "sleep-twice", "--mode", "threads",
                       "--image", "t.svg",      "--scale",     "2"}
        << "--scale applies to PNG and JPEG only";
    QTest::newRow("export odd paper")
        << QStringList{"export",  "--workload", "sleep-twice", "--mode", "threads",
                       "--image", "t.pdf",      "--paper",     "a3"}
        << "--paper must be a4 or letter";
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionNamesItselfItsLibrariesAndLicence_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("--version") << QStringList{QStringLiteral("--version")};
        QTest::newRow("-v") << QStringList{QStringLiteral("-v")};
        // After window options, the window's parser answers: the same text.
        QTest::newRow("window") << QStringList{QStringLiteral("--workers"), QStringLiteral("2"),
                                               QStringLiteral("--version")};
    }

    void versionNamesItselfItsLibrariesAndLicence()
    {
        QFETCH(QStringList, args);
        const Outcome r = runCli(args);
        QCOMPARE(r.exitCode, 0);
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.startsWith(QStringLiteral("interleave %1\n").arg(buildinfo::kVersion)),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("Qt ")) &&
                     out.contains(QStringLiteral("QCustomPlot ")),
                 qPrintable(out));
        QVERIFY2(out.contains(QLatin1String(buildinfo::kLicenseId)), qPrintable(out));
    }

    void helpListsCommandsAndExitStatus_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("--help") << QStringList{QStringLiteral("--help")};
        QTest::newRow("help") << QStringList{QStringLiteral("help")};
        QTest::newRow("window") << QStringList{QStringLiteral("--mode"), QStringLiteral("threads"),
                                               QStringLiteral("--help")};
    }

    void helpListsCommandsAndExitStatus()
    {
        QFETCH(QStringList, args);
        const Outcome r = runCli(args);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        const QString out = QString::fromUtf8(r.out);
        for (const char *word : {"Usage:", "interleave list", "interleave run",
                                 "interleave compare", "--screenshot", "Exit status:"}) {
            QVERIFY2(out.contains(QLatin1String(word)), word);
        }
    }

    void listsTheCatalog()
    {
        const Outcome r = runCli({QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(list.size(), qsizetype(builtinWorkloads().size()));
        QCOMPARE(list.first().toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("sleep-twice"));
        QVERIFY(!list.first().toObject().value(QStringLiteral("lesson")).toString().isEmpty());
    }

    void runJsonIsOneObjectWithEverything()
    {
        const Outcome r = runCli({QStringLiteral("run"), QStringLiteral("--workload"),
                                  QStringLiteral("square-cube"), QStringLiteral("--mode"),
                                  QStringLiteral("threads"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = parseObject(r.out);
        QVERIFY2(!o.isEmpty(), r.out.left(200).constData());
        for (const char *key :
             {"wall_ms", "mode", "workers", "tracks", "spans", "output", "results"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        QCOMPARE(o.value(QStringLiteral("mode")).toString(), QStringLiteral("threads"));
        const double wall = o.value(QStringLiteral("wall_ms")).toDouble();
        QVERIFY2(wall >= 800 && wall < 1200, qPrintable(QString::number(wall)));
        QSet<qint64> tids;
        for (const QJsonValue &t : o.value(QStringLiteral("tracks")).toArray()) {
            if (t.toObject().value(QStringLiteral("name")).toString() !=
                QLatin1String("MainThread"))
                tids << t.toObject().value(QStringLiteral("tid")).toInteger();
        }
        QCOMPARE(tids.size(), 2);
        const QJsonObject span = o.value(QStringLiteral("spans")).toArray().first().toObject();
        for (const char *key : {"track", "task", "kind", "start_ms", "end_ms"})
            QVERIFY2(span.contains(QLatin1String(key)), key);
        const QJsonObject line = o.value(QStringLiteral("output")).toArray().first().toObject();
        for (const char *key : {"t_ms", "track", "text"})
            QVERIFY2(line.contains(QLatin1String(key)), key);
        QCOMPARE(o.value(QStringLiteral("output")).toArray().size(), 12);
    }

    void runPrintsLinesTaggedWithTheirThread()
    {
        const Outcome r = runCli({QStringLiteral("run"), QStringLiteral("--workload"),
                                  QStringLiteral("pool-squares"), QStringLiteral("--mode"),
                                  QStringLiteral("pool"), QStringLiteral("--workers"),
                                  QStringLiteral("3"), QStringLiteral("--lines")});
        QCOMPARE(r.exitCode, 0);
        const QString text = QString::fromUtf8(r.out);
        QVERIFY2(text.contains(QStringLiteral("MainThread")) &&
                     text.contains(QStringLiteral("1 4 9 16 25 36 49 64 81")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("ThreadPoolExecutor-0_2")));
        QVERIFY(text.contains(QStringLiteral("wall time")));
    }

    // What held the threads back has columns of its own when a run had any, and the GIL lane
    // is not listed as a thread.
    void summaryShowsWaitsForTheGilAndLocks()
    {
        const auto summary = [](const char *workload, QStringList more) {
            const Outcome r =
                runCli(QStringList{QStringLiteral("run"), QStringLiteral("--workload"),
                                   QLatin1String(workload), QStringLiteral("--mode"),
                                   QStringLiteral("threads")} +
                       more);
            return QString::fromUtf8(r.out);
        };
        const QString gil = summary("cpu-primes", {QStringLiteral("--gil")});
        QVERIFY2(gil.contains(QStringLiteral("queued   gil wait   busy")), qPrintable(gil));
        QVERIFY2(!gil.contains(QStringLiteral("\n  GIL ")), qPrintable(gil));
        const QString locked = summary("deadlock", {});
        QVERIFY2(locked.contains(QStringLiteral("queued  lock wait   busy")), qPrintable(locked));
        const QString neither = summary("square-cube", {});
        QVERIFY2(neither.contains(QStringLiteral("queued   busy")), qPrintable(neither));

        const Outcome json =
            runCli({QStringLiteral("run"), QStringLiteral("--workload"),
                    QStringLiteral("cpu-primes"), QStringLiteral("--mode"),
                    QStringLiteral("threads"), QStringLiteral("--gil"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        double waited = 0;
        for (const QJsonValue t : parseObject(json.out).value(QStringLiteral("tracks")).toArray())
            waited += t.toObject().value(QStringLiteral("gil_wait_ms")).toDouble();
        QVERIFY2(waited > 100, qPrintable(QString::number(waited))); // two threads, one GIL
    }

    void runPrintsTheStreamAsATerminalGetsIt()
    {
        // Sequential: no thread can tear a line, so the stream is the seed's output exactly.
        const Outcome r = runCli({QStringLiteral("run"), QStringLiteral("--workload"),
                                  QStringLiteral("sleep-twice"), QStringLiteral("--mode"),
                                  QStringLiteral("sequential"), QStringLiteral("--stdout"),
                                  QStringLiteral("block")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("sleeping 1 sec\ndone sleeping\nsleeping 1 sec\ndone sleeping\n"
                                  "Finished in 2.0"),
                 r.out.constData());
        const Outcome bad =
            runCli({QStringLiteral("run"), QStringLiteral("--workload"),
                    QStringLiteral("sleep-twice"), QStringLiteral("--mode"),
                    QStringLiteral("threads"), QStringLiteral("--stdout"), QStringLiteral("full")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("stdout is unbuffered, line or block, not 'full'"));
    }

    void setTurnsAnOptionOn()
    {
        const Outcome r = runCli({QStringLiteral("run"), QStringLiteral("--workload"),
                                  QStringLiteral("shared-counter"), QStringLiteral("--mode"),
                                  QStringLiteral("threads"), QStringLiteral("--set"),
                                  QStringLiteral("locked=true"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = parseObject(r.out);
        QCOMPARE(o.value(QStringLiteral("globals")).toObject().value(QStringLiteral("counter")),
                 QJsonValue(QStringLiteral("200000")));
        const QJsonObject options = o.value(QStringLiteral("options")).toObject();
        QCOMPARE(
            options.value(QStringLiteral("settings")).toObject().value(QStringLiteral("locked")),
            QJsonValue(true));
        QCOMPARE(options.value(QStringLiteral("mode")), QJsonValue(QStringLiteral("threads")));
    }

    void compareReportsSpeedup()
    {
        const Outcome r = runCli({QStringLiteral("compare"), QStringLiteral("--workload"),
                                  QStringLiteral("sleep-twice"), QStringLiteral("--modes"),
                                  QStringLiteral("sequential,threads"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray runs = parseObject(r.out).value(QStringLiteral("runs")).toArray();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0].toObject().value(QStringLiteral("speedup")).toDouble(), 1.0);
        const double speedup = runs[1].toObject().value(QStringLiteral("speedup")).toDouble();
        QVERIFY2(speedup > 1.5 && speedup < 2.1, qPrintable(QString::number(speedup)));
    }

    // compare --repeat: each mode's median with its range, where the time went, and when a
    // mode pays.
    void compareRepeatsAndSplitsTheTime()
    {
        const Outcome r = runCli({QStringLiteral("compare"), QStringLiteral("--workload"),
                                  QStringLiteral("sleep-twice"), QStringLiteral("--modes"),
                                  QStringLiteral("sequential,threads"), QStringLiteral("--repeat"),
                                  QStringLiteral("2"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = parseObject(r.out);
        QCOMPARE(o.value(QStringLiteral("repeat")).toInt(), 2);
        for (const QJsonValue v : o.value(QStringLiteral("runs")).toArray()) {
            const QJsonObject run = v.toObject();
            const QJsonObject repeats = run.value(QStringLiteral("repeats")).toObject();
            QCOMPARE(repeats.value(QStringLiteral("count")).toInt(), 2);
            QVERIFY(repeats.value(QStringLiteral("min")).toDouble() <=
                    repeats.value(QStringLiteral("max")).toDouble());
            const QJsonObject states = run.value(QStringLiteral("states_ms")).toObject();
            double sum = 0;
            for (auto it = states.begin(); it != states.end(); ++it)
                if (it.key() != QLatin1String("threads") && it.key() != QLatin1String("lived"))
                    sum += it.value().toDouble();
            const double expected = states.value(QStringLiteral("lived")).toDouble();
            QVERIFY2(std::abs(sum - expected) < 0.01, qPrintable(QString::number(sum)));
            QVERIFY(run.value(QStringLiteral("calls"))
                        .toObject()
                        .contains(QStringLiteral("handoff_ms")));
        }
        const Outcome text = runCli({QStringLiteral("compare"), QStringLiteral("--workload"),
                                     QStringLiteral("sleep-twice"), QStringLiteral("--modes"),
                                     QStringLiteral("sequential,threads")});
        QVERIFY(text.out.contains("Where the time went"));
        QVERIFY(text.out.contains("waiting for I/O (sleep)"));
    }

    // pool-squares: 9 half-second calls take 0.5 s × ceil(9 / w) with w workers.
    void sweepFollowsTheWorkerCount()
    {
        const Outcome r = runCli({QStringLiteral("sweep"), QStringLiteral("--workload"),
                                  QStringLiteral("pool-squares"), QStringLiteral("--mode"),
                                  QStringLiteral("pool"), QStringLiteral("--workers"),
                                  QStringLiteral("1,3,9"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = parseObject(r.out);
        const QJsonArray points = o.value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 3);
        for (const QJsonValue v : points) {
            const QJsonObject p = v.toObject();
            const int w = p.value(QStringLiteral("workers")).toInt();
            const double expected = 500.0 * ((9 + w - 1) / w);
            const double wall = p.value(QStringLiteral("wall_ms"))
                                    .toObject()
                                    .value(QStringLiteral("median"))
                                    .toDouble();
            // Generous (an ASan build beside other tests runs late by 80 ms), yet short of the
            // next count down's time: a sweep that ignored --workers would fail.
            QVERIFY2(wall >= expected && wall < expected * 1.1 + 150,
                     qPrintable(QStringLiteral("%1 workers: %2 ms").arg(w).arg(wall)));
        }
        const QJsonObject fit = o.value(QStringLiteral("fit")).toObject();
        QVERIFY(fit.value(QStringLiteral("serial_fraction")).toDouble() < 0.15);
    }

    // export draws the timeline without a window: vector SVG and PDF, PNG at the size asked.
    void exportDrawsTheTimelineHeadless()
    {
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("t.svg"));
        const QString png = dir.filePath(QStringLiteral("t.png"));
        const QString pdf = dir.filePath(QStringLiteral("t.pdf"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM")); // export needs no display
        p.setProcessEnvironment(env);
        for (const QString &image : {svg, png, pdf}) {
            QStringList args{QStringLiteral("export"),
                             QStringLiteral("--workload"),
                             QStringLiteral("sleep-twice"),
                             QStringLiteral("--mode"),
                             QStringLiteral("threads"),
                             QStringLiteral("--image"),
                             image};
            if (image == pdf) // a page of paper
                args << QStringLiteral("--paper") << QStringLiteral("letter");
            else
                args << QStringLiteral("--size") << QStringLiteral("900x500");
            if (image == png)
                args << QStringLiteral("--scale") << QStringLiteral("2");
            p.start(QStringLiteral(INTERLEAVE_BINARY), args);
            QVERIFY(p.waitForFinished(30000));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        }
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray svgText = svgFile.readAll();
        QVERIFY(svgText.contains("<svg") && svgText.contains("sleep-twice · threads"));
        QVERIFY(svgText.count("<path") + svgText.count("<rect") > 10); // spans as shapes
        QCOMPARE(QImage(png).size(), QSize(1800, 1000));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        const QByteArray pdfText = pdfFile.readAll();
        QVERIFY(pdfText.startsWith("%PDF-") &&
                pdfText.contains("/MediaBox [0 0 792.000000 612.000000]"));
    }

    // Runs are kept: history lists them with their ids, show prints one as run did (the same
    // JSON, spans and all), rm deletes it; --no-history keeps nothing.
    void runsAreKeptShownAndDeleted()
    {
        const auto history = [] {
            const Outcome o = runCli({QStringLiteral("history"), QStringLiteral("--json"),
                                      QStringLiteral("--workload"), QStringLiteral("sleep-twice")});
            return QJsonDocument::fromJson(o.out).array();
        };
        const qsizetype before = history().size();
        const Outcome ran = runCli({QStringLiteral("run"), QStringLiteral("--workload"),
                                    QStringLiteral("sleep-twice"), QStringLiteral("--mode"),
                                    QStringLiteral("threads"), QStringLiteral("--json")});
        QCOMPARE(ran.exitCode, 0);
        const QJsonArray runs = history();
        QCOMPARE(runs.size(), before + 1);
        const QJsonObject newest = runs.first().toObject();
        QCOMPARE(newest[QStringLiteral("config")].toString(), QStringLiteral("threads"));
        const QString id = QString::number(newest[QStringLiteral("id")].toInteger());

        const Outcome shown = runCli({QStringLiteral("show"), id, QStringLiteral("--json")});
        QCOMPARE(shown.exitCode, 0);
        const QJsonObject a = parseObject(ran.out), b = parseObject(shown.out);
        for (const char *key :
             {"spans", "tracks", "output", "writes", "events", "results", "wall_ms"})
            QVERIFY2(a[QLatin1String(key)] == b[QLatin1String(key)], key);
        const Outcome text = runCli({QStringLiteral("show"), id});
        QVERIFY(text.out.contains("sleep-twice · threads"));

        QCOMPARE(runCli({QStringLiteral("run"), QStringLiteral("--workload"),
                         QStringLiteral("sleep-twice"), QStringLiteral("--mode"),
                         QStringLiteral("sequential"), QStringLiteral("--quiet"),
                         QStringLiteral("--no-history")})
                     .exitCode,
                 0);
        QCOMPARE(history().size(), before + 1);

        QCOMPARE(runCli({QStringLiteral("rm"), id}).exitCode, 0);
        const Outcome gone = runCli({QStringLiteral("show"), id});
        QCOMPARE(gone.exitCode, 1);
        QVERIFY(gone.err.contains("no run"));
        QCOMPARE(runCli({QStringLiteral("show"), QStringLiteral("x")}).exitCode, 2);
    }

    void traceFilesAreShownAndWrittenAgain()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("spy.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        // py-spy's shape: one array of begin/end events and a thread name.
        file.write(
            "[{\"args\":{\"name\":\"7: MainThread\"},\"cat\":\"py-spy\",\"name\":\"thread_name\","
            "\"ph\":\"M\",\"pid\":9,\"tid\":0,\"ts\":0},"
            "{\"cat\":\"py-spy\",\"name\":\"work\",\"ph\":\"B\",\"pid\":9,\"tid\":0,\"ts\":10},"
            "{\"cat\":\"py-spy\",\"name\":\"sleep\",\"ph\":\"B\",\"pid\":9,\"tid\":0,\"ts\":20},"
            "{\"cat\":\"py-spy\",\"name\":\"sleep\",\"ph\":\"E\",\"pid\":9,\"tid\":0,\"ts\":40020},"
            "{\"cat\":\"py-spy\",\"name\":\"work\",\"ph\":\"E\",\"pid\":9,\"tid\":0,\"ts\":50010}"
            "]");
        file.close();
        const Outcome text = runCli({QStringLiteral("show"), path});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("spy.json · py-spy · 1 thread in 1 process · span 0.050 s"),
                 text.out.constData());
        QVERIFY(text.out.contains("recorded by py-spy"));
        const QString again = dir.filePath(QStringLiteral("again.json"));
        const Outcome json = runCli({QStringLiteral("show"), path, QStringLiteral("--json"),
                                     QStringLiteral("--trace"), again});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject o = parseObject(json.out);
        QVERIFY(o[QStringLiteral("mode")].isNull());
        QCOMPARE(o[QStringLiteral("source")].toObject()[QStringLiteral("format")].toString(),
                 QStringLiteral("py-spy"));
        const QJsonArray spans = o[QStringLiteral("spans")].toArray();
        QCOMPARE(spans.size(), 3); // work, sleep (waiting), work
        QCOMPARE(spans[1].toObject()[QStringLiteral("kind")].toString(), QStringLiteral("wait"));
        // Written out again and reopened: the same spans.
        const Outcome reopened = runCli({QStringLiteral("show"), again, QStringLiteral("--json")});
        QCOMPARE(reopened.exitCode, 0);
        QCOMPARE(parseObject(reopened.out)[QStringLiteral("spans")].toArray(), spans);
        // Not a trace, and a trace given as a workload.
        const Outcome refused = runCli(
            {QStringLiteral("show"), QStringLiteral(INTERLEAVE_TEST_DATA "/malformed.json")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("malformed.json is not valid JSON: line 4, column 3"),
                 refused.err.constData());
        const Outcome asWorkload =
            runCli({QStringLiteral("run"), QStringLiteral("--workload"), path,
                    QStringLiteral("--mode"), QStringLiteral("threads")});
        QCOMPARE(asWorkload.exitCode, 2);
        QVERIFY(asWorkload.err.contains("is a trace, not a workload"));
    }

    void badArgumentsAreOneLineAndStatus2_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        addRunArgumentErrors();
        addCompareAndSweepArgumentErrors();
        addExportArgumentErrors();
    }

    void badArgumentsAreOneLineAndStatus2()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const Outcome r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.isEmpty(), r.out.constData()); // nothing ran
        const QString err = QString::fromUtf8(r.err).trimmed();
        QVERIFY2(!err.contains(QLatin1Char('\n')), qPrintable(err));
        QVERIFY2(err.contains(expected), qPrintable(err));
    }

    void interruptKeepsThePartialTrace()
    {
        QTemporaryDir dir;
        const QString trace = dir.filePath(QStringLiteral("t.json"));
        QProcess p;
        p.start(QStringLiteral(INTERLEAVE_BINARY),
                {QStringLiteral("run"), QStringLiteral("--workload"),
                 QStringLiteral(INTERLEAVE_TEST_DATA "/long-wait.json"), QStringLiteral("--mode"),
                 QStringLiteral("threads"), QStringLiteral("--trace"), trace});
        // The first printed line says the calls are running.
        QVERIFY(p.waitForReadyRead(10000));
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(5000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY(
            QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("stopped after")));
        QFile file(trace);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject doc = parseObject(file.readAll());
        QCOMPARE(doc.value(QStringLiteral("otherData"))
                     .toObject()
                     .value(QStringLiteral("cancelled"))
                     .toBool(),
                 true);
        QVERIFY(doc.value(QStringLiteral("traceEvents")).toArray().size() > 3);
    }

    // --trace never replaces what is not a regular file: a FIFO and a device are written in
    // place, a link keeps pointing where it did and its target gets the trace.
    void traceOntoSpecialFilesLeavesThemWhatTheyWere()
    {
        QTemporaryDir dir;
        const QStringList run = {"run",    "--workload", "sleep-twice",
                                 "--mode", "threads",    "--trace"};
        const auto mode = [](const QString &path) {
            struct stat st
            {};
            return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_mode : 0u;
        };

        const QString fifo = dir.filePath(QStringLiteral("fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QByteArray read;
        std::thread reader([&] {
            QFile f(fifo);
            if (f.open(QIODevice::ReadOnly))
                read = f.readAll();
        });
        QTest::qWait(100); // the reader is blocked in open() by now
        QCOMPARE(runCli(run + QStringList{fifo}).exitCode, 0);
        reader.join();
        QVERIFY(S_ISFIFO(mode(fifo)));
        QVERIFY(read.contains("traceEvents"));
        // Nobody reading: refused at once, not a hang.
        const Outcome unread = runCli(run + QStringList{fifo}, 10000);
        QCOMPARE(unread.exitCode, 1);
        QVERIFY2(unread.err.contains("nothing is reading"), unread.err.constData());
        QVERIFY(S_ISFIFO(mode(fifo)));

        const QString target = dir.filePath(QStringLiteral("target.json"));
        const QString link = dir.filePath(QStringLiteral("link.json"));
        QVERIFY(QFile::link(QStringLiteral("target.json"), link));
        QCOMPARE(runCli(run + QStringList{link}).exitCode, 0); // dangling: creates the target
        QVERIFY(S_ISLNK(mode(link)));
        QVERIFY(S_ISREG(mode(target)));
        QCOMPARE(runCli(run + QStringList{link}).exitCode, 0); // and replaces it
        QVERIFY(S_ISLNK(mode(link)));
        QFile written(target);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(written.readAll().contains("traceEvents"));

        if (::geteuid() != 0)
            QSKIP("mknod needs root: the character device case was not run");
        const QString device = dir.filePath(QStringLiteral("null"));
        QCOMPARE(::mknod(QFile::encodeName(device).constData(), S_IFCHR | 0666, makedev(1, 3)), 0);
        QCOMPARE(runCli(run + QStringList{device}).exitCode, 0);
        QVERIFY(S_ISCHR(mode(device)));
    }

    // Past a file-size limit the write fails with a message, and no temporary file is left.
    void aFileSizeLimitIsAMessageNotADeath()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("prlimit")).isEmpty())
            QSKIP("prlimit (util-linux) is not installed");
        QTemporaryDir dir;
        QProcess p;
        p.start(QStringLiteral("prlimit"),
                {QStringLiteral("--fsize=1000"), QStringLiteral(INTERLEAVE_BINARY), "run",
                 "--workload", "sleep-twice", "--mode", "threads", "--trace",
                 dir.filePath(QStringLiteral("t.json"))});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("File too large"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList());
    }

    void aDeadlockExitsWith3AndNamesTheCycle()
    {
        const Outcome r =
            runCli({"run", "--workload", "deadlock", "--mode", "threads", "--json"}, 10000);
        QCOMPARE(r.exitCode, 3);
        const QJsonObject o = parseObject(r.out);
        QCOMPARE(o.value(QStringLiteral("deadlock")).toBool(), true);
        QVERIFY2(r.err.contains("deadlock: Thread-1 (a_then_b) holds a and waits for b; "
                                "Thread-2 (b_then_a) holds b and waits for a"),
                 r.err.constData());
    }

    // A terminal's Ctrl-C reaches the whole process group, workers included: it must still
    // be a stop (130, cancelled, the partial trace), not "worker killed by signal 2".
    void ctrlCToTheProcessGroupStopsProcessesMode()
    {
        QProcess p;
        p.setChildProcessModifier([] { ::setpgid(0, 0); });
        p.start(QStringLiteral(INTERLEAVE_BINARY),
                {"run", "--workload", INTERLEAVE_TEST_DATA "/long-wait.json", "--mode", "processes",
                 "--workers", "3", "--json"});
        QVERIFY(p.waitForStarted(10000));
        const auto pid = static_cast<pid_t>(p.processId());
        // All three workers are running their calls once three children exist and a second
        // has passed (the calls wait 10 s).
        QTRY_COMPARE_WITH_TIMEOUT(childrenOf(pid).size(), 3, 10000);
        QTest::qWait(1000);
        QCOMPARE(::kill(-pid, SIGINT), 0);
        QVERIFY(p.waitForFinished(5000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        const QJsonObject o = parseObject(p.readAllStandardOutput());
        QCOMPARE(o.value(QStringLiteral("cancelled")).toBool(), true);
        QVERIFY(o.value(QStringLiteral("error")).isNull());
        QVERIFY(o.value(QStringLiteral("spans")).toArray().size() >= 3);
    }

    void processesRunInTheirOwnPids()
    {
        const Outcome r = runCli({"run", "--workload", "square-cube", "--mode", "processes",
                                  "--workers", "2", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = parseObject(r.out);
        const qint64 parent = o.value(QStringLiteral("pid")).toInteger();
        QSet<qint64> pids;
        for (const QJsonValue &t : o.value(QStringLiteral("tracks")).toArray())
            pids << t.toObject().value(QStringLiteral("pid")).toInteger();
        pids.remove(parent);
        QCOMPARE(pids.size(), 2);
        const double wall = o.value(QStringLiteral("wall_ms")).toDouble();
        QVERIFY2(wall >= 800 && wall < 1200, qPrintable(QString::number(wall)));
    }

    void killedWorkerFailsTheCommand()
    {
        QProcess p;
        p.start(QStringLiteral(INTERLEAVE_BINARY),
                {"run", "--workload", "sleep-twice", "--mode", "processes", "--workers", "2"});
        // Two "sleeping 1 sec" lines: both workers hold a call.
        QByteArray out;
        while (out.count('\n') < 2 && p.waitForReadyRead(5000))
            out += p.readAllStandardOutput();
        QCOMPARE(out.count('\n'), 2);
        const QList<long long> children = childrenOf(p.processId());
        QCOMPARE(children.size(), 2);
        QElapsedTimer timer;
        timer.start();
        ::kill(static_cast<pid_t>(children[0]), SIGKILL);
        QVERIFY(p.waitForFinished(5000));
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("worker process %1").arg(children[0])) &&
                     err.contains(QStringLiteral("SIGKILL")),
                 qPrintable(err));
        for (long long pid : children)
            QVERIFY(::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH);
    }

    void unwritableTraceIsAnError()
    {
        QTemporaryDir dir;
        const QString trace = dir.filePath(QStringLiteral("missing/t.json"));
        const Outcome r = runCli({QStringLiteral("run"), QStringLiteral("--workload"),
                                  QStringLiteral("sleep-twice"), QStringLiteral("--mode"),
                                  QStringLiteral("threads"), QStringLiteral("--quiet"),
                                  QStringLiteral("--trace"), trace});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(trace), r.err.constData());
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
                 QStringList());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
