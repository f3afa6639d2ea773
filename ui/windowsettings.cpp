#include "windowsettings.h"

#include <QSettings>

namespace interleave::ui {

namespace {
const QString kKeep = QStringLiteral("history/keep");
} // namespace

WindowSettings WindowSettings::load()
{
    const QSettings s;
    WindowSettings w;
    w.geometry = s.value(QStringLiteral("window/geometry")).toByteArray();
    w.vertical = s.value(QStringLiteral("window/vertical")).toByteArray();
    w.horizontal = s.value(QStringLiteral("window/horizontal")).toByteArray();
    w.keepRuns = s.value(kKeep, true).toBool();
    if (s.contains(QStringLiteral("run/workers")))
        w.workers = s.value(QStringLiteral("run/workers")).toInt();
    w.workload = s.value(QStringLiteral("run/workload")).toString();
    w.mode =
        modeFromName(s.value(QStringLiteral("run/mode")).toString()).value_or(Mode::Sequential);
    w.gil = s.value(QStringLiteral("run/gil"), false).toBool();
    w.switchIntervalMs = s.value(QStringLiteral("run/switchInterval"), 5.0).toDouble();
    lang::Buffering buffering = lang::Buffering::Unbuffered;
    if (parseBuffering(s.value(QStringLiteral("run/stdout")).toString(), &buffering).isEmpty())
        w.buffering = buffering;
    return w;
}

void WindowSettings::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), geometry);
    s.setValue(QStringLiteral("window/vertical"), vertical);
    s.setValue(QStringLiteral("window/horizontal"), horizontal);
    if (workers)
        s.setValue(QStringLiteral("run/workers"), *workers);
    s.setValue(QStringLiteral("run/workload"), workload);
    s.setValue(QStringLiteral("run/mode"), modeName(mode));
    s.setValue(QStringLiteral("run/gil"), gil);
    s.setValue(QStringLiteral("run/switchInterval"), switchIntervalMs);
    if (buffering)
        s.setValue(QStringLiteral("run/stdout"), bufferingText(*buffering));
}

void WindowSettings::saveKeepRuns(bool keep)
{
    QSettings().setValue(kKeep, keep);
}

} // namespace interleave::ui
