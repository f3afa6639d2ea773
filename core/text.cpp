#include "text.h"

#include <QLocale>

#include <cmath>

namespace interleave {

QString wallText(std::int64_t ns)
{
    return QStringLiteral("%1 s").arg(double(ns) / 1e9, 0, 'f', 3);
}

QString durationText(double seconds)
{
    const double a = std::abs(seconds);
    if (a < 1e-3)
        return QStringLiteral("%1 µs").arg(seconds * 1e6, 0, 'f', a < 1e-5 ? 1 : 0);
    if (a < 1)
        return QStringLiteral("%1 ms").arg(seconds * 1e3, 0, 'f', a < 1e-2 ? 2 : 1);
    return QStringLiteral("%1 s").arg(seconds, 0, 'f', 2);
}

QString longDurationText(double seconds)
{
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds, 0, 'g', 3);
    if (seconds < 3600)
        return QStringLiteral("%1 min").arg(seconds / 60, 0, 'f', seconds < 600 ? 1 : 0);
    if (seconds < 86400 * 2)
        return QStringLiteral("%1 h").arg(seconds / 3600, 0, 'f', 1);
    if (seconds < 86400 * 365)
        return QStringLiteral("%1 days").arg(seconds / 86400, 0, 'f', 1);
    return QStringLiteral("%1 years").arg(seconds / (86400 * 365.25), 0, 'f', 1);
}

QString speedupText(double speedup)
{
    return QStringLiteral("%1×").arg(speedup, 0, 'f', 2);
}

QString percentText(double fraction)
{
    return QStringLiteral("%1 %").arg(std::lround(fraction * 100));
}

QString countText(double n)
{
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    return english.toString(n, 'f', 0);
}

QString bytesText(double bytes)
{
    if (bytes >= 1024.0 * 1024 * 1024)
        return QStringLiteral("%1 GiB").arg(bytes / (1024.0 * 1024 * 1024), 0, 'f', 1);
    if (bytes >= 1024.0 * 1024)
        return QStringLiteral("%1 MiB").arg(bytes / (1024.0 * 1024), 0, 'f', 1);
    return QStringLiteral("%1 bytes").arg(countText(bytes));
}

} // namespace interleave
