#include "runoptions.h"

#include "enumnames.h"
#include "processmode.h"
#include "workload.h"

#include <QStringList>
#include <QThread>

#include <algorithm>
#include <array>

namespace interleave {

namespace {
constexpr std::array<const char *, 4> kModeNames = {"sequential", "threads", "pool", "processes"};
} // namespace

QString modeName(Mode mode)
{
    return enumName(kModeNames, mode);
}

std::optional<Mode> modeFromName(const QString &name)
{
    return enumFromName<Mode>(kModeNames, name);
}

const std::vector<Mode> &allModes()
{
    static const std::vector<Mode> modes = {Mode::Sequential, Mode::Threads, Mode::Pool,
                                            Mode::Processes};
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
    if (options.mode == Mode::Processes) {
        QStringList searched;
        if (findWorkerExecutable(&searched).isEmpty()) {
            return QStringLiteral("processes mode needs interleave-worker, which is not installed "
                                  "(looked for %1)")
                .arg(searched.join(QStringLiteral(", ")));
        }
    }
    return {};
}

QStringList describeOptions(const RunOptions &o, const Workload &workload)
{
    QStringList list;
    if (o.mode == Mode::Pool || o.mode == Mode::Processes)
        list << QStringLiteral("workers=%1").arg(o.effectiveWorkers());
    if (o.gil)
        list << QStringLiteral("gil")
             << QStringLiteral("switch_interval=%1ms").arg(o.switchIntervalMs);
    list << QStringLiteral("stdout=%1").arg(bufferingText(o.buffering));
    const auto values = optionValues(o, workload);
    for (auto it = values.begin(); it != values.end(); ++it)
        list << QStringLiteral("%1=%2").arg(it.key(), it.value() ? QStringLiteral("true")
                                                                 : QStringLiteral("false"));
    return list;
}

QString configLabel(const RunOptions &o, const Workload &workload)
{
    QStringList parts{modeName(o.mode)};
    if (o.mode == Mode::Pool || o.mode == Mode::Processes)
        parts.last() += QStringLiteral(" ×%1").arg(o.effectiveWorkers());
    if (o.gil && o.mode != Mode::Sequential && o.mode != Mode::Processes)
        parts << QStringLiteral("GIL %1 ms").arg(o.switchIntervalMs);
    if (o.buffering != lang::Buffering::Unbuffered)
        parts << bufferingText(o.buffering);
    for (const WorkloadOption &option : workload.options) {
        const bool on = o.settings.value(option.name, option.defaultValue);
        if (on != option.defaultValue)
            parts << (on ? option.name : QStringLiteral("no ") + option.name);
    }
    return parts.join(QStringLiteral(" · "));
}

QMap<QString, bool> optionValues(const RunOptions &options, const Workload &workload)
{
    QMap<QString, bool> values;
    for (const WorkloadOption &o : workload.options)
        values.insert(o.name, options.settings.value(o.name, o.defaultValue));
    return values;
}

} // namespace interleave
