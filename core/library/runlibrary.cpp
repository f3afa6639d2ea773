#include "runlibrary.h"

#include "buildinfo.h"
#include "runoptions.h"
#include "storedrun.h"
#include "workload.h"

#include <QAtomicInt>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QVariant>

namespace interleave {

namespace {

QAtomicInt s_connections;
constexpr int kBusyTimeoutMs = 5000; // another instance writing: wait this long for it

// Version 1: the runs and how they were run. Version 2 adds what History shows without
// opening a run (its configuration, outcome, machine, app version) and each run's size;
// version 3 its options (optionsToJson), so that the results chart is filled from the rows.
const char *const kSchemaV1[] = {
    "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, "
    "workload TEXT NOT NULL, mode TEXT NOT NULL, wall_ns INTEGER NOT NULL, "
    "cancelled INTEGER NOT NULL, run BLOB NOT NULL)",
};
const char *const kMigrateV1toV2[] = {
    "ALTER TABLE runs ADD COLUMN config TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE runs ADD COLUMN ok INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE runs ADD COLUMN cores INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE runs ADD COLUMN load_average REAL",
    "ALTER TABLE runs ADD COLUMN app_version TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE runs ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0",
    "UPDATE runs SET bytes = length(run), config = mode",
    "CREATE INDEX runs_by_workload ON runs (workload, id)",
};
const char *const kMigrateV2toV3[] = {
    "ALTER TABLE runs ADD COLUMN options TEXT NOT NULL DEFAULT ''",
};

QString sqlError(const QSqlError &e)
{
    return e.text().trimmed();
}

// Runs `statements` in one transaction; an error message or empty.
template <std::size_t N> QString runAll(QSqlDatabase &db, const char *const (&statements)[N])
{
    for (const char *sql : statements) {
        QSqlQuery q(db);
        if (!q.exec(QString::fromLatin1(sql)))
            return sqlError(q.lastError());
    }
    return {};
}

StoredRunSummary summaryFrom(const QSqlQuery &q)
{
    StoredRunSummary s;
    s.id = q.value(0).toLongLong();
    s.created = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
    s.workload = q.value(2).toString();
    s.mode = q.value(3).toString();
    s.config = q.value(4).toString();
    s.wallNs = q.value(5).toLongLong();
    s.cancelled = q.value(6).toBool();
    s.ok = q.value(7).toBool();
    s.cores = q.value(8).toInt();
    if (!q.value(9).isNull())
        s.loadAverage = q.value(9).toDouble();
    s.appVersion = q.value(10).toString();
    s.bytes = q.value(11).toLongLong();
    const QJsonObject options = QJsonDocument::fromJson(q.value(12).toByteArray()).object();
    if (RunOptions o; optionsFromJson(options, &o))
        s.options = o;
    return s;
}

const QString kSummaryColumns = QStringLiteral(
    "id, created, workload, mode, config, wall_ns, cancelled, ok, cores, load_average, "
    "app_version, bytes, options");

} // namespace

QString RunLibrary::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("runs.sqlite"));
}

RunLibrary::RunLibrary(QString connection, QString path)
    : m_connection(std::move(connection)), m_path(std::move(path))
{}

RunLibrary::~RunLibrary()
{
    {
        QSqlDatabase d = db();
        d.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QSqlDatabase RunLibrary::db() const
{
    return QSqlDatabase::database(m_connection, false);
}

std::unique_ptr<RunLibrary> RunLibrary::inMemory()
{
    QString problem;
    auto library = open(QStringLiteral(":memory:"), &problem);
    return library;
}

std::unique_ptr<RunLibrary> RunLibrary::open(const QString &path, QString *problem)
{
    problem->clear();
    const bool memory = path == QLatin1String(":memory:");
    const QFileInfo file(path);
    if (!memory && file.isSymLink())
        *problem =
            QStringLiteral("%1 is a link: the run library must be a file of its own").arg(path);
    else if (!memory && file.exists() && !file.isFile())
        *problem = QStringLiteral("%1 is not a regular file").arg(path);
    else if (!memory && !QDir().mkpath(file.absolutePath()))
        *problem = QStringLiteral("cannot create the folder %1").arg(file.absolutePath());
    if (!problem->isEmpty())
        return inMemory();

    const QString connection =
        QStringLiteral("interleave-library-%1").arg(s_connections.fetchAndAddRelaxed(1));
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        d.setDatabaseName(path);
        // Another app instance writing: wait for it rather than fail.
        d.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
        if (!d.open())
            *problem = sqlError(d.lastError());
    }
    std::unique_ptr<RunLibrary> library(new RunLibrary(connection, memory ? QString() : path));
    // SQLite answers "locked" at once, without waiting, when two connections would deadlock
    // (another instance creating the schema as this one switches to WAL): try again until
    // the busy timeout has passed.
    QElapsedTimer waited;
    waited.start();
    while (problem->isEmpty() ||
           (problem->contains(QLatin1String("locked")) && waited.elapsed() < kBusyTimeoutMs)) {
        *problem = library->prepare();
        if (problem->isEmpty())
            break;
        QThread::msleep(20);
    }
    if (problem->isEmpty() || memory)
        return library;
    *problem = QStringLiteral("the run library %1 cannot be used (%2); runs are kept in memory "
                              "until the app closes")
                   .arg(path, *problem);
    library.reset();
    return inMemory();
}

QString RunLibrary::prepare()
{
    QSqlDatabase d = db();
    QSqlQuery q(d);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return sqlError(q.lastError());
    const int version = q.value(0).toInt();
    q.finish();
    if (version > kSchemaVersion) // left exactly as it is
        return QStringLiteral("it was written by a newer Interleave (schema version %1, this "
                              "one reads %2)")
            .arg(version)
            .arg(kSchemaVersion);
    // WAL: a writer never leaves the file half-written, and readers don't block it.
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")))
        return sqlError(q.lastError());
    if (version == kSchemaVersion) {
        // Writable? A write lock taken and given back at once says so.
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return sqlError(q.lastError());
        q.exec(QStringLiteral("ROLLBACK"));
        return {};
    }
    // Created or migrated under the write lock, the version read again once it is held:
    // another instance may have done it meanwhile.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return sqlError(q.lastError());
    QString error;
    int now = version;
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        error = sqlError(q.lastError());
    else
        now = q.value(0).toInt();
    q.finish();
    if (error.isEmpty() && now == 0)
        error = runAll(d, kSchemaV1);
    if (error.isEmpty() && now < 2)
        error = runAll(d, kMigrateV1toV2);
    if (error.isEmpty() && now < 3)
        error = runAll(d, kMigrateV2toV3);
    if (error.isEmpty() && now < kSchemaVersion &&
        !q.exec(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion)))
        error = sqlError(q.lastError());
    if (!error.isEmpty() || !q.exec(QStringLiteral("COMMIT"))) {
        if (error.isEmpty())
            error = sqlError(q.lastError());
        q.exec(QStringLiteral("ROLLBACK"));
        return error;
    }
    return {};
}

std::optional<qint64> RunLibrary::store(const RunResult &run, QString *error)
{
    return store(run, encodeStoredRun(run), error);
}

std::optional<qint64> RunLibrary::store(const RunResult &run, const QByteArray &bytes,
                                        QString *error)
{
    QSqlDatabase d = db();
    QSqlQuery q(d);
    q.prepare(QStringLiteral(
        "INSERT INTO runs (created, workload, mode, wall_ns, cancelled, run, config, ok, cores, "
        "load_average, app_version, bytes, options) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?)"));
    q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    q.addBindValue(run.workload);
    q.addBindValue(modeName(run.mode()));
    q.addBindValue(qint64(run.wallNs));
    q.addBindValue(run.cancelled);
    q.addBindValue(bytes);
    q.addBindValue(configLabel(run));
    q.addBindValue(run.ok());
    q.addBindValue(run.cores);
    q.addBindValue(run.loadAverage ? QVariant(*run.loadAverage) : QVariant());
    q.addBindValue(QString::fromLatin1(buildinfo::kVersion));
    q.addBindValue(qint64(bytes.size()));
    q.addBindValue(QString::fromUtf8(
        QJsonDocument(optionsToJson(run.options)).toJson(QJsonDocument::Compact)));
    if (!q.exec()) {
        *error = QStringLiteral("could not store the run: %1").arg(sqlError(q.lastError()));
        return std::nullopt;
    }
    const qint64 id = q.lastInsertId().toLongLong();
    prune();
    return id;
}

namespace {
const QString kSizeLimitKey = QStringLiteral("history/sizeLimitMiB");
} // namespace

qint64 RunLibrary::savedSizeLimit()
{
    bool ok = false;
    const qint64 mib = QSettings().value(kSizeLimitKey).toLongLong(&ok);
    return ok && mib > 0 ? mib << 20 : kDefaultSizeLimit;
}

void RunLibrary::saveSizeLimit(qint64 bytes)
{
    QSettings().setValue(kSizeLimitKey, std::max<qint64>(bytes >> 20, 1));
}

void RunLibrary::prune()
{
    // The oldest runs go first, until the rest fits (the newest is always kept).
    QSqlQuery q(db());
    while (totalBytes() > m_sizeLimit) {
        if (!q.exec(QStringLiteral("DELETE FROM runs WHERE id = (SELECT MIN(id) FROM runs) AND "
                                   "(SELECT COUNT(*) FROM runs) > 1")) ||
            q.numRowsAffected() < 1)
            break;
    }
}

qint64 RunLibrary::totalBytes() const
{
    QSqlQuery q(db());
    if (!q.exec(QStringLiteral("SELECT COALESCE(SUM(bytes), 0) FROM runs")) || !q.next())
        return 0;
    return q.value(0).toLongLong();
}

std::vector<StoredRunSummary> RunLibrary::list(const QString &workload) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT %1 FROM runs WHERE ? = '' OR workload = ? ORDER BY id DESC")
                  .arg(kSummaryColumns));
    // A null string would bind as NULL, which equals nothing.
    const QString filter = workload.isEmpty() ? QStringLiteral("") : workload;
    q.addBindValue(filter);
    q.addBindValue(filter);
    std::vector<StoredRunSummary> runs;
    if (!q.exec())
        return runs;
    while (q.next())
        runs.push_back(summaryFrom(q));
    return runs;
}

std::optional<StoredRunSummary> RunLibrary::summary(qint64 id) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(kSummaryColumns));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return summaryFrom(q);
}

std::optional<RunResult> RunLibrary::load(qint64 id, QString *error) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT run FROM runs WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec()) {
        *error = QStringLiteral("could not read run %1: %2").arg(id).arg(sqlError(q.lastError()));
        return std::nullopt;
    }
    if (!q.next()) {
        *error = QStringLiteral("no run %1 in the library").arg(id);
        return std::nullopt;
    }
    auto run = decodeStoredRun(q.value(0).toByteArray(), error);
    if (!run)
        *error = QStringLiteral("run %1: %2").arg(id).arg(*error);
    return run;
}

int RunLibrary::remove(const std::vector<qint64> &ids, QString *error)
{
    QSqlDatabase d = db();
    if (!d.transaction()) {
        *error = sqlError(d.lastError());
        return 0;
    }
    int removed = 0;
    QSqlQuery q(d);
    q.prepare(QStringLiteral("DELETE FROM runs WHERE id = ?"));
    for (qint64 id : ids) {
        q.addBindValue(id);
        if (!q.exec()) {
            *error = sqlError(q.lastError());
            d.rollback();
            return 0;
        }
        removed += q.numRowsAffected() > 0 ? 1 : 0;
    }
    if (!d.commit()) {
        *error = sqlError(d.lastError());
        return 0;
    }
    return removed;
}

} // namespace interleave
