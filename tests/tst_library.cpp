// The run library: runs stored and reopened whole, the schema migrated, and a database that
// cannot be used (corrupt, newer, locked) reported while the app goes on in memory. Two
// processes store into one file at once.

#include "runjson.h"
#include "runlibrary.h"
#include "storedrun.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace interleave;

namespace {

const RunResult &sampleRun()
{
    static const RunResult run = [] {
        RunOptions o;
        o.mode = Mode::Threads;
        o.gil = true;
        o.switchIntervalMs = 2;
        return test::run(test::builtin("square-cube"), o);
    }();
    return run;
}

QByteArray json(const RunResult &r)
{
    return QJsonDocument(runToJson(r)).toJson(QJsonDocument::Compact);
}

// Runs `sql` on the file through a connection of its own.
void execOn(const QString &path, const QStringList &sql,
            const QString &name = QStringLiteral("raw"))
{
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        d.setDatabaseName(path);
        QVERIFY(d.open());
        QSqlQuery q(d);
        for (const QString &s : sql)
            QVERIFY2(q.exec(s), qPrintable(s));
    }
    QSqlDatabase::removeDatabase(name);
}

// The child process of twoProcessesStoreAtOnce: stores the run `count` times.
int writeRuns(const QString &path, int count)
{
    QString problem;
    auto library = RunLibrary::open(path, &problem);
    if (!problem.isEmpty())
        return 2;
    for (int i = 0; i < count; ++i) {
        QString error;
        if (!library->store(sampleRun(), &error))
            return 3;
    }
    return 0;
}

} // namespace

class TestLibrary : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString file(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void aStoredRunReopensWhole()
    {
        const RunResult &run = sampleRun();
        QVERIFY2(run.ok(), qPrintable(run.error));
        QString problem;
        auto library = RunLibrary::open(file("round.sqlite"), &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QString error;
        const auto id = library->store(run, &error);
        QVERIFY2(id, qPrintable(error));
        const auto back = library->load(*id, &error);
        QVERIFY2(back, qPrintable(error));
        // Everything run --json says of it is the same, trace and all.
        QCOMPARE(json(*back), json(run));
        QCOMPARE(back->trace.spans.size(), run.trace.spans.size());
        QCOMPARE(back->trace.spans.back().endNs, run.trace.spans.back().endNs);
        QCOMPARE(back->stdoutBytes, run.stdoutBytes);
        QCOMPARE(back->options.switchIntervalMs, 2.0);
        // Named without compiling the workload again: the stored run keeps what it declares.
        QCOMPARE(back->globalNames, run.globalNames);
        QCOMPARE(back->declared.size(), run.declared.size());
        QVERIFY(back->program == nullptr);
        QCOMPARE(test::reprs(back->results), test::reprs(run.results));

        const auto s = library->summary(*id);
        QVERIFY(s);
        QCOMPARE(s->workload, QStringLiteral("square-cube"));
        QCOMPARE(s->config, QStringLiteral("threads · GIL 2 ms"));
        QCOMPARE(s->wallNs, run.wallNs);
        QVERIFY(s->ok && !s->cancelled && s->bytes > 100);
        QVERIFY(s->created.secsTo(QDateTime::currentDateTimeUtc()) < 60);
    }

    void listsFiltersAndRemoves()
    {
        QString problem;
        auto library = RunLibrary::open(file("list.sqlite"), &problem);
        QString error;
        RunResult other = sampleRun();
        other.workload = QStringLiteral("other");
        const qint64 a = *library->store(sampleRun(), &error);
        const qint64 b = *library->store(other, &error);
        const qint64 c = *library->store(sampleRun(), &error);
        const auto all = library->list();
        QCOMPARE(all.size(), std::size_t(3));
        QCOMPARE(all.front().id, c); // newest first
        QCOMPARE(library->list(QStringLiteral("other")).size(), std::size_t(1));
        QCOMPARE(library->remove({a, b, 999}, &error), 2);
        QCOMPARE(library->list().size(), std::size_t(1));
        QVERIFY(!library->load(a, &error));
        QVERIFY(error.contains(QStringLiteral("no run")));
    }

    // Past the size limit the oldest runs go; the newest always stays.
    void theOldestGoPastTheSizeLimit()
    {
        QString problem;
        auto library = RunLibrary::open(file("prune.sqlite"), &problem);
        QString error;
        const qint64 first = *library->store(sampleRun(), &error);
        const qint64 one = library->totalBytes();
        library->setSizeLimit(one * 2 + one / 2);
        library->store(sampleRun(), &error);
        const qint64 last = *library->store(sampleRun(), &error);
        const auto runs = library->list();
        QCOMPARE(runs.size(), std::size_t(2));
        QCOMPARE(runs.front().id, last);
        QVERIFY(runs.back().id != first);
        library->setSizeLimit(1);
        library->store(sampleRun(), &error);
        QCOMPARE(library->list().size(), std::size_t(1));
    }

    // A library of schema version 1 (no configuration, outcome or size per run) is migrated
    // on open and its runs reopen.
    void aVersion1LibraryIsMigrated()
    {
        const QString path = file("v1.sqlite");
        const QByteArray blob = encodeStoredRun(sampleRun());
        execOn(path, {QStringLiteral("CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                                     "created TEXT NOT NULL, workload TEXT NOT NULL, mode TEXT "
                                     "NOT NULL, wall_ns INTEGER NOT NULL, cancelled INTEGER NOT "
                                     "NULL, run BLOB NOT NULL)"),
                      QStringLiteral("INSERT INTO runs (created, workload, mode, wall_ns, "
                                     "cancelled, run) VALUES ('2026-11-01T10:00:00.000Z', "
                                     "'square-cube', 'threads', 800000000, 0, X'%1')")
                          .arg(QString::fromLatin1(blob.toHex())),
                      QStringLiteral("PRAGMA user_version = 1")});
        QString problem;
        auto library = RunLibrary::open(path, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const auto runs = library->list();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs.front().bytes, qint64(blob.size()));
        QCOMPARE(runs.front().config, QStringLiteral("threads"));
        QString error;
        QVERIFY2(library->load(runs.front().id, &error), qPrintable(error));
        QVERIFY(library->store(sampleRun(), &error));
        library.reset();
        execOn(path, {QStringLiteral("PRAGMA user_version")}); // still a database
    }

    // What cannot be used is said, and runs are kept in memory meanwhile.
    void anUnusableLibraryFallsBackToMemory_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("says");
        QTest::newRow("corrupt") << "corrupt.sqlite"
                                 << "not a database";
        QTest::newRow("newer") << "newer.sqlite"
                               << "newer Interleave";
        QTest::newRow("a folder") << "folder.sqlite"
                                  << "not a regular file";
        QTest::newRow("a link") << "link.sqlite"
                                << "is a link";
    }

    void anUnusableLibraryFallsBackToMemory()
    {
        QFETCH(QString, name);
        QFETCH(QString, says);
        const QString path = m_dir.filePath(name);
        if (name.startsWith(QLatin1String("corrupt"))) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(8192, 'x'));
        } else if (name.startsWith(QLatin1String("newer"))) {
            execOn(path, {QStringLiteral("PRAGMA user_version = 99")});
        } else if (name.startsWith(QLatin1String("folder"))) {
            QVERIFY(QDir().mkpath(path));
        } else {
            QVERIFY(QFile::link(file("round.sqlite"), path));
        }
        const QByteArray before = QFileInfo(path).isFile() && !QFileInfo(path).isSymLink()
                                      ? [&] {
                                            QFile f(path);
                                            f.open(QIODevice::ReadOnly);
                                            return f.readAll();
                                        }()
                                      : QByteArray();
        QString problem;
        auto library = RunLibrary::open(path, &problem);
        QVERIFY2(problem.contains(says), qPrintable(problem));
        QVERIFY(library->path().isEmpty()); // in memory
        QString error;
        QVERIFY(library->store(sampleRun(), &error));
        QCOMPARE(library->list().size(), std::size_t(1));
        if (!before.isEmpty()) { // the file is left as it was
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), before);
        }
    }

    // Another connection holds the write lock past the busy timeout: said, not waited for
    // ever.
    void aLockedLibraryIsReported()
    {
        const QString path = file("locked.sqlite");
        {
            QString problem;
            auto created = RunLibrary::open(path, &problem);
            QVERIFY(problem.isEmpty());
        }
        {
            QSqlDatabase holder =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("holder"));
            holder.setDatabaseName(path);
            QVERIFY(holder.open());
            QSqlQuery q(holder);
            QVERIFY(q.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            QElapsedTimer timer;
            timer.start();
            QString problem;
            auto library = RunLibrary::open(path, &problem);
            QVERIFY2(problem.contains(QStringLiteral("locked")), qPrintable(problem));
            QVERIFY(timer.elapsed() < 15000);
            q.exec(QStringLiteral("ROLLBACK"));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("holder"));
    }

    void aDamagedRunIsRefusedWithAReason()
    {
        const QString path = file("damaged.sqlite");
        QString problem;
        auto library = RunLibrary::open(path, &problem);
        QString error;
        const qint64 id = *library->store(sampleRun(), &error);
        execOn(path, {QStringLiteral("UPDATE runs SET run = X'00000010DEADBEEF'")});
        QVERIFY(!library->load(id, &error));
        QVERIFY2(error.contains(QStringLiteral("damaged")), qPrintable(error));
        // An absurd inflated size is refused before anything is allocated.
        QVERIFY(!decodeStoredRun(QByteArray::fromHex("7fffffff00"), &error));
    }

    // Runs kept in format 1 (one compressed JSON document) reopen, and stored again they are
    // the same run.
    void aFormat1RunReopens()
    {
        QFile file(QStringLiteral(INTERLEAVE_TEST_DATA "/stored-run-format1.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray document = file.readAll();
        const QJsonObject trace =
            QJsonDocument::fromJson(document).object().value(QStringLiteral("trace")).toObject();
        QString error;
        const auto run = decodeStoredRun(qCompress(document), &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->workload, QStringLiteral("square-cube"));
        QCOMPARE(int(run->mode()), int(Mode::Threads));
        QVERIFY(run->options.gil);
        QCOMPARE(qsizetype(run->trace.spans.size()),
                 trace.value(QStringLiteral("spans")).toArray().size() / 5);
        QCOMPARE(qsizetype(run->trace.events.size()),
                 trace.value(QStringLiteral("events")).toArray().size());
        QVERIFY(run->program != nullptr);
        QVERIFY(run->stdoutBytes.contains("Done with squaring and cubing."));
        const auto again = decodeStoredRun(encodeStoredRun(*run), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(json(*again), json(*run));
    }

    // Format 2's bytes checked as they are read: a newer format is named, a cut or altered
    // payload is damaged, never a crash or a run in part.
    void aDamagedFormat2RunIsRefused()
    {
        const QByteArray good = encodeStoredRun(sampleRun());
        QString error;
        QVERIFY(decodeStoredRun(good, &error));
        QByteArray newer = good;
        newer[5] = 3;
        QVERIFY(!decodeStoredRun(newer, &error));
        QVERIFY2(error.contains(QStringLiteral("format 3")), qPrintable(error));
        QVERIFY(!decodeStoredRun(good.left(6), &error));
        QVERIFY2(error.contains(QStringLiteral("damaged")), qPrintable(error));
        // The payload inflated, cut or changed at every 97th byte, compressed again.
        const QByteArray payload = qUncompress(good.mid(6));
        QVERIFY(!payload.isEmpty());
        const auto repacked = [&](const QByteArray &p) { return good.left(6) + qCompress(p); };
        for (qsizetype cut = 0; cut < payload.size(); cut += 97) {
            QVERIFY(!decodeStoredRun(repacked(payload.left(cut)), &error));
            QVERIFY2(error.contains(QStringLiteral("damaged")), qPrintable(error));
            QByteArray changed = payload;
            changed[cut] = char(~changed[cut]);
            decodeStoredRun(repacked(changed), &error); // refused or read, but never a crash
        }
    }

    void twoProcessesStoreAtOnce()
    {
        const QString path = file("shared.sqlite");
        constexpr int kEach = 15;
        std::vector<std::unique_ptr<QProcess>> writers;
        for (int i = 0; i < 2; ++i) {
            auto p = std::make_unique<QProcess>();
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("TST_LIBRARY_WRITE"), path);
            env.insert(QStringLiteral("TST_LIBRARY_COUNT"), QString::number(kEach));
            p->setProcessEnvironment(env);
            p->start(QCoreApplication::applicationFilePath(), {});
            writers.push_back(std::move(p));
        }
        for (auto &p : writers) {
            QVERIFY(p->waitForFinished(120000));
            QCOMPARE(p->exitCode(), 0);
        }
        QString problem;
        auto library = RunLibrary::open(path, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const auto runs = library->list();
        QCOMPARE(runs.size(), std::size_t(2 * kEach));
        QString error;
        for (const StoredRunSummary &s : runs)
            QVERIFY2(library->load(s.id, &error), qPrintable(error));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (const QString path = qEnvironmentVariable("TST_LIBRARY_WRITE"); !path.isEmpty())
        return writeRuns(path, qEnvironmentVariableIntValue("TST_LIBRARY_COUNT"));
    TestLibrary test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_library.moc"
