#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include <map>

using namespace interleave;

namespace {

const QString kSeeds = QStringLiteral(INTERLEAVE_TEST_DATA "/seeds/");

// Times and process ids differ from run to run; everything else must match byte for byte.
QString normalised(QString text)
{
    static const QRegularExpression time(
        QStringLiteral("(Time taken:  |Finished in |Elapsed Time \\(in Seconds\\): )[0-9.e+-]+"));
    static const QRegularExpression pid(QStringLiteral("(Process Id:  )[0-9]+"));
    text.replace(time, QStringLiteral("\\1<time>"));
    text.replace(pid, QStringLiteral("\\1<pid>"));
    return text;
}

// What a run wrote to stdout, as one text: each line with its newline, the last as printed.
QString stdoutText(const RunResult &r)
{
    QString text = test::outputLines(r).join(QLatin1Char('\n'));
    // Only an unfinished last line lacks its newline; every seed ends its output with one.
    return text.isEmpty() ? text : text + QLatin1Char('\n');
}

QString expected(const QString &file)
{
    QFile f(kSeeds + file + QStringLiteral(".txt"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("(missing %1)").arg(f.fileName());
    return QString::fromUtf8(f.readAll());
}

// The reference for built-in `name`, with option `option` set when not empty.
struct Reference
{
    const char *name;
    const char *option;
};
constexpr Reference kReferences[] = {
    {"sleep-twice", ""},         {"square-cube", ""},    {"named-tasks", ""},
    {"staggered", ""},           {"pool-squares", ""},   {"cpu-primes", ""},
    {"io-vs-cpu", ""},           {"shared-counter", ""}, {"process-memory", ""},
    {"process-memory", "queue"}, {"thread-local", ""},   {"tiny-tasks", ""},
};

QString fileOf(const Reference &ref)
{
    return QLatin1String(ref.name) +
           (*ref.option ? QStringLiteral("--") + QLatin1String(ref.option) : QString());
}

// The span kinds each call recorded, in order: the steps it took.
std::map<std::uint32_t, QStringList> stepsPerCall(const RunResult &r)
{
    std::map<std::uint32_t, QStringList> steps;
    for (const Span &s : r.trace.spans) {
        if (s.task.isValid() && (s.kind == SpanKind::Compute || s.kind == SpanKind::Wait))
            steps[s.task.value()] << spanKindName(s.kind);
    }
    return steps;
}

// The lines the calls printed, times and pids aside.
QStringList callLines(const RunResult &r)
{
    QStringList lines;
    for (const Event *e : r.trace.output()) {
        if (e->task.isValid())
            lines << normalised(e->text);
    }
    return lines;
}

QStringList sorted(QStringList lines)
{
    lines.sort();
    return lines;
}

} // namespace

// Each built-in, run sequentially, prints what CPython prints for the same program (the seed's
// code where the seed has some), byte for byte but for times and process ids. The expected
// text in tests/data/seeds/*.txt is CPython's own output of the *.py beside it.
class TestSeeds : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sequentialOutputIsCPythons_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("option");
        for (const Reference &ref : kReferences)
            QTest::newRow(qPrintable(fileOf(ref)))
                << QString::fromLatin1(ref.name) << QString::fromLatin1(ref.option);
    }

    void sequentialOutputIsCPythons()
    {
        QFETCH(QString, name);
        QFETCH(QString, option);
        QMap<QString, bool> settings;
        if (!option.isEmpty())
            settings.insert(option, true);
        const RunResult r =
            test::runToEnd(test::builtin(qPrintable(name)), Mode::Sequential, 0, settings);
        QVERIFY2(r.ok(), qPrintable(r.error));
        const QString file = option.isEmpty() ? name : name + QStringLiteral("--") + option;
        QCOMPARE(normalised(stdoutText(r)), normalised(expected(file)));
    }

    // The stored texts really are CPython's: run the references again where python3 exists.
    void referencesAreWhatCPythonPrints()
    {
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty())
            QSKIP("python3 is not installed");
        std::vector<std::unique_ptr<QProcess>> runs;
        for (const Reference &ref : kReferences) {
            auto p = std::make_unique<QProcess>();
            p->setWorkingDirectory(kSeeds);
            p->start(python, {fileOf(ref) + QStringLiteral(".py")});
            runs.push_back(std::move(p));
        }
        for (std::size_t i = 0; i < runs.size(); ++i) {
            QProcess &p = *runs[i];
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitCode(), 0);
            QCOMPARE(normalised(QString::fromUtf8(p.readAllStandardOutput())),
                     normalised(expected(fileOf(kReferences[i]))));
        }
    }

    // One interpreter runs every mode, so a workload's calls print the same lines, return
    // the same values and take the same steps in threads as in worker processes.
    void threadsAndProcessesAgree_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("option");
        // Not process-memory: without a GIL its threads overwrite the shared result between
        // setting and printing it ("Cube:  4"), which is its lesson, so their lines differ.
        for (const char *name : {"square-cube", "pool-squares", "sleep-twice", "tiny-tasks",
                                 "io-vs-cpu", "shared-counter"})
            QTest::newRow(name) << QString::fromLatin1(name) << QString();
        QTest::newRow("shared-counter, locked") << "shared-counter"
                                                << "locked";
    }

    void threadsAndProcessesAgree()
    {
        QFETCH(QString, name);
        QFETCH(QString, option);
        QMap<QString, bool> settings;
        if (!option.isEmpty())
            settings.insert(option, true);
        const Workload w = test::builtin(qPrintable(name));
        const RunResult threads = test::runToEnd(w, Mode::Threads, 0, settings);
        const RunResult processes = test::runToEnd(w, Mode::Processes, 2, settings);
        QVERIFY2(threads.ok() && processes.ok(), qPrintable(threads.error + processes.error));
        test::checkInvariants(threads);
        test::checkInvariants(processes);
        // What the calls printed (the main thread's report after them differs on purpose:
        // threads share the globals it reads, processes do not).
        QCOMPARE(sorted(callLines(threads)), sorted(callLines(processes)));
        QCOMPARE(test::reprs(threads.results), test::reprs(processes.results));
        QCOMPARE(stepsPerCall(threads), stepsPerCall(processes));
        QCOMPARE(threads.trace.info->calls.size(), processes.trace.info->calls.size());
        for (std::size_t i = 0; i < threads.trace.info->calls.size(); ++i)
            QCOMPARE(threads.trace.info->calls[i].label(), processes.trace.info->calls[i].label());
    }
};

QTEST_GUILESS_MAIN(TestSeeds)
#include "tst_seeds.moc"
