#include "runoptions.h"

#include "workload.h"

#include <QJsonObject>
#include <QStringList>
#include <QThread>

#include <algorithm>
#include <array>

namespace interleave {

QString modeName(Mode mode)
{
    return QString::fromLatin1(traitsOf(mode).name);
}

std::optional<Mode> modeFromName(const QString &name)
{
    for (const ModeTraits &t : kModes)
        if (name == QLatin1String(t.name))
            return t.mode;
    return std::nullopt;
}

const std::vector<Mode> &allModes()
{
    static const std::vector<Mode> modes = [] {
        std::vector<Mode> all;
        for (const ModeTraits &t : kModes)
            all.push_back(t.mode);
        return all;
    }();
    return modes;
}

int defaultWorkers()
{
    return std::max(1, QThread::idealThreadCount());
}

QString parseMode(const QString &text, Mode *mode)
{
    const auto m = modeFromName(text.trimmed());
    if (!m)
        return QStringLiteral("unknown mode '%1': use sequential, threads, pool or processes")
            .arg(text.trimmed());
    *mode = *m;
    return {};
}

QString parseWorkers(const QString &text, int *workers)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    if (!ok || n < kMinWorkers || n > kMaxWorkers)
        return QStringLiteral("workers must be a whole number from %1 to %2, not '%3'")
            .arg(kMinWorkers)
            .arg(kMaxWorkers)
            .arg(text);
    *workers = n;
    return {};
}

QString parseWorkerRange(const QString &text, std::vector<int> *counts)
{
    std::vector<int> out;
    const QString bad = QStringLiteral("workers must be counts from %1 to %2 like 1..8 or 1,2,4, "
                                       "not '%3'")
                            .arg(kMinWorkers)
                            .arg(kMaxWorkers)
                            .arg(text);
    for (const QString &part : text.split(QLatin1Char(','))) {
        const QStringList ends = part.split(QStringLiteral(".."));
        int from = 0, to = 0;
        if (ends.size() > 2 || !parseWorkers(ends.first().trimmed(), &from).isEmpty() ||
            !parseWorkers(ends.last().trimmed(), &to).isEmpty() || to < from)
            return bad;
        for (int w = from; w <= to; ++w)
            if (std::find(out.begin(), out.end(), w) == out.end())
                out.push_back(w);
    }
    if (out.size() > std::size_t(kMaxSweepPoints))
        return QStringLiteral("workers: at most %1 counts in a sweep, not %2")
            .arg(kMaxSweepPoints)
            .arg(out.size());
    *counts = std::move(out);
    return {};
}

QString parseSwitchInterval(const QString &text, double *ms)
{
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !(v >= kMinSwitchIntervalMs && v <= kMaxSwitchIntervalMs))
        return QStringLiteral("switch-interval must be a number of milliseconds from %1 to %2, "
                              "not '%3'")
            .arg(kMinSwitchIntervalMs)
            .arg(kMaxSwitchIntervalMs)
            .arg(text);
    *ms = v;
    return {};
}

QString bufferingText(lang::Buffering buffering)
{
    return QLatin1String(lang::bufferingName(buffering));
}

QString parseBuffering(const QString &text, lang::Buffering *buffering)
{
    for (auto b : {lang::Buffering::Unbuffered, lang::Buffering::Line, lang::Buffering::Block}) {
        if (text.trimmed() == bufferingText(b)) {
            *buffering = b;
            return {};
        }
    }
    return QStringLiteral("stdout is unbuffered, line or block, not '%1'").arg(text.trimmed());
}

QString parseSetting(const QString &text, const Workload &workload, QMap<QString, bool> *settings)
{
    const QString name = text.section(QLatin1Char('='), 0, 0).trimmed();
    const QString value = text.contains(QLatin1Char('='))
                              ? text.section(QLatin1Char('='), 1).trimmed().toLower()
                              : QStringLiteral("true");
    QStringList names;
    for (const WorkloadOption &o : workload.options)
        names << o.name;
    if (!names.contains(name))
        return names.isEmpty() ? QStringLiteral("%1 has no options to set").arg(workload.name)
                               : QStringLiteral("%1 has no option '%2': its options are %3")
                                     .arg(workload.name, name, names.join(QStringLiteral(", ")));
    const QStringList yes = {QStringLiteral("true"), QStringLiteral("1"), QStringLiteral("yes"),
                             QStringLiteral("on")};
    const QStringList no = {QStringLiteral("false"), QStringLiteral("0"), QStringLiteral("no"),
                            QStringLiteral("off")};
    if (!yes.contains(value) && !no.contains(value))
        return QStringLiteral("option %1 is true or false, not '%2'").arg(name, value);
    settings->insert(name, yes.contains(value));
    return {};
}

QString checkOptions(const RunOptions &options, const Workload &workload)
{
    if (options.workers != 0 && (options.workers < kMinWorkers || options.workers > kMaxWorkers)) {
        return QStringLiteral("worker count %1 is out of range: use %2 to %3")
            .arg(options.workers)
            .arg(kMinWorkers)
            .arg(kMaxWorkers);
    }
    if (options.gil && !(options.switchIntervalMs >= kMinSwitchIntervalMs &&
                         options.switchIntervalMs <= kMaxSwitchIntervalMs)) {
        return QStringLiteral("switch interval %1 ms is out of range: use %2 to %3 ms")
            .arg(options.switchIntervalMs)
            .arg(kMinSwitchIntervalMs)
            .arg(kMaxSwitchIntervalMs);
    }
    for (auto it = options.settings.begin(); it != options.settings.end(); ++it) {
        const bool known = std::any_of(workload.options.begin(), workload.options.end(),
                                       [&](const WorkloadOption &o) { return o.name == it.key(); });
        if (!known)
            return QStringLiteral("%1 has no option '%2'").arg(workload.name, it.key());
    }
    if (!workload.program)
        return QStringLiteral("%1 has no program").arg(workload.name);
    return {};
}

QJsonObject optionsToJson(const RunOptions &o)
{
    QJsonObject settings;
    for (auto it = o.settings.begin(); it != o.settings.end(); ++it)
        settings.insert(it.key(), it.value());
    return {{QStringLiteral("mode"), modeName(o.mode)},
            {QStringLiteral("workers"), o.workers},
            {QStringLiteral("nice"), o.nice},
            {QStringLiteral("gil"), o.gil},
            {QStringLiteral("switch_interval_ms"), o.switchIntervalMs},
            {QStringLiteral("buffering"), bufferingText(o.buffering)},
            {QStringLiteral("settings"), settings},
            {QStringLiteral("limited"), o.limited}};
}

bool optionsFromJson(const QJsonObject &j, RunOptions *o)
{
    const auto mode = modeFromName(j.value(QStringLiteral("mode")).toString());
    if (!mode ||
        !parseBuffering(j.value(QStringLiteral("buffering")).toString(), &o->buffering).isEmpty())
        return false;
    o->mode = *mode;
    o->workers = j.value(QStringLiteral("workers")).toInt();
    o->nice = j.value(QStringLiteral("nice")).toInt();
    o->gil = j.value(QStringLiteral("gil")).toBool();
    o->switchIntervalMs = j.value(QStringLiteral("switch_interval_ms")).toDouble(5.0);
    o->limited = j.value(QStringLiteral("limited")).toBool(true);
    o->settings.clear();
    const QJsonObject settings = j.value(QStringLiteral("settings")).toObject();
    for (auto it = settings.begin(); it != settings.end(); ++it)
        o->settings.insert(it.key(), it.value().toBool());
    return true;
}

int waitLanes(const RunOptions &options)
{
    switch (traitsOf(options.mode).lanes) {
    case Lanes::One:
        return 1;
    case Lanes::PerCall:
        return 0;
    case Lanes::Workers:
        break;
    }
    return options.effectiveWorkers();
}

bool gilHolds(const RunOptions &options)
{
    return options.gil && traitsOf(options.mode).gilApplies;
}

} // namespace interleave
