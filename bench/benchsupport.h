#pragma once

// What the benchmark files share: percentiles, workload files, and CPython on this machine for
// comparison.

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>

#include <algorithm>
#include <optional>
#include <vector>

namespace interleave::bench {

// The sample below which `fraction` of them lie (0.5: the median); 0 for none.
inline double percentile(std::vector<double> samples, double fraction)
{
    std::sort(samples.begin(), samples.end());
    if (samples.empty())
        return 0.0;
    return samples[std::min(samples.size() - 1, std::size_t(double(samples.size()) * fraction))];
}

inline double median(std::vector<double> samples)
{
    return percentile(std::move(samples), 0.5);
}

// Writes `json` to the file `name` in `dir`; its path.
inline QString writeWorkload(const QTemporaryDir &dir, const char *name, const QByteArray &json)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(json);
    return path;
}

// Runs `program` in python3, which prints the seconds it measured; nothing without python3 or
// when it fails.
inline std::optional<double> pythonSeconds(const QString &program)
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        return std::nullopt;
    QProcess p;
    p.start(python, {QStringLiteral("-c"), program});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return std::nullopt;
    return p.readAllStandardOutput().trimmed().toDouble();
}

} // namespace interleave::bench
