#pragma once

// What the benchmark files share: a median, and CPython on this machine for comparison.

#include <QProcess>
#include <QStandardPaths>
#include <QString>

#include <algorithm>
#include <optional>
#include <vector>

namespace interleave::bench {

inline double median(std::vector<double> samples)
{
    std::sort(samples.begin(), samples.end());
    return samples.empty() ? 0.0 : samples[samples.size() / 2];
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
