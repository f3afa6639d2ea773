#pragma once

// The run library: every finished or stopped run, kept in an SQLite database (Qt SQL, the
// QSQLITE driver) in the user's data directory, so that runs can be listed, reopened,
// compared and deleted across sessions. Versioned schema, migrated on open; each write a
// transaction; WAL, so a crash never leaves it half-written and two app instances can write
// at once. A database that cannot be used (corrupt, read-only, locked, newer) is reported, and
// the library lives in memory instead.

#include "runresult.h"

#include <QDateTime>
#include <QSqlDatabase>

#include <memory>
#include <optional>
#include <vector>

namespace interleave {

// One stored run as History lists it.
struct StoredRunSummary
{
    qint64 id = 0;
    QDateTime created; // UTC
    QString workload;
    QString mode;
    QString config; // "pool ×3 · GIL 5 ms": everything that shaped it
    std::int64_t wallNs = 0;
    bool cancelled = false;
    bool ok = true;
    int cores = 0;
    std::optional<double> loadAverage;
    QString appVersion;
    qint64 bytes = 0;                  // what it takes in the library
    std::optional<RunOptions> options; // none for a run kept by an older version
};

class RunLibrary
{
public:
    static constexpr int kSchemaVersion = 3;
    static constexpr qint64 kDefaultSizeLimit = qint64(1) << 30; // 1 GiB

    // Opens the library at `path` (created if missing). Whatever keeps it from being used
    // there leaves a library in memory, with `problem` saying why; empty when all is well.
    static std::unique_ptr<RunLibrary> open(const QString &path, QString *problem);
    static std::unique_ptr<RunLibrary> inMemory();
    // AppDataLocation/runs.sqlite
    static QString defaultPath();

    ~RunLibrary();
    RunLibrary(const RunLibrary &) = delete;
    RunLibrary &operator=(const RunLibrary &) = delete;

    // The file, or empty for a library in memory.
    QString path() const { return m_path; }

    // Stores a run; its id, or nothing and `error`. Past the size limit the oldest runs go.
    std::optional<qint64> store(const RunResult &run, QString *error);
    // The same with the run already encoded (encodeStoredRun, which any thread may call).
    std::optional<qint64> store(const RunResult &run, const QByteArray &encoded, QString *error);
    // Newest first; only `workload`'s when given.
    std::vector<StoredRunSummary> list(const QString &workload = {}) const;
    std::optional<StoredRunSummary> summary(qint64 id) const;
    std::optional<RunResult> load(qint64 id, QString *error) const;
    // How many of `ids` were there and are gone.
    int remove(const std::vector<qint64> &ids, QString *error);

    // Past the limit the oldest runs go, as new ones are stored.
    void setSizeLimit(qint64 bytes) { m_sizeLimit = bytes; }
    // The limit the user chose (the window's Run ▸ History size limit), which the window and
    // the command line both keep to; the default when none was chosen.
    static qint64 savedSizeLimit();
    static void saveSizeLimit(qint64 bytes);
    qint64 sizeLimit() const { return m_sizeLimit; }
    // The stored runs' bytes, all told.
    qint64 totalBytes() const;

private:
    RunLibrary(QString connection, QString path);
    QSqlDatabase db() const;
    QString prepare(); // the schema, created or migrated; an error message or empty
    void prune();

    QString m_connection;
    QString m_path;
    qint64 m_sizeLimit = kDefaultSizeLimit;
};

} // namespace interleave
