#include "clisupport.h"

#include "budget.h"
#include "catalog.h"
#include "openfile.h"
#include "processmode.h"
#include "runlibrary.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>

namespace interleave::cli {

namespace {

std::atomic<bool> s_interrupted{false};

extern "C" void onInterrupt(int)
{
    s_interrupted.store(true);
    // A second Ctrl-C kills at once, as users expect when a stop seems stuck.
    std::signal(SIGINT, SIG_DFL);
}

} // namespace

bool interrupted()
{
    return s_interrupted.load();
}

void installInterruptHandler()
{
    s_interrupted.store(false);
    struct sigaction sa = {};
    sa.sa_handler = onInterrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

namespace {
int s_outputError = 0; // the errno that stopped a write to stdout, or 0
} // namespace

void write(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    if ((std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stream) !=
             std::size_t(bytes.size()) ||
         std::fflush(stream) != 0) &&
        stream == stdout && s_outputError == 0)
        s_outputError = errno != 0 ? errno : EIO;
}

int outputError()
{
    if (s_outputError == 0 && (std::fflush(stdout) != 0 || std::ferror(stdout)))
        s_outputError = errno != 0 ? errno : EIO;
    return s_outputError;
}

void writeJson(FILE *stream, const std::function<void(JsonWriter &)> &produce)
{
    JsonWriter json([stream](std::string_view bytes) {
        return std::fwrite(bytes.data(), 1, bytes.size(), stream) == bytes.size();
    });
    produce(json);
    if (!json.finish() && stream == stdout && s_outputError == 0)
        s_outputError = errno != 0 ? errno : EIO;
    write(stream, QStringLiteral("\n"));
}

void writeJsonValue(JsonWriter &json, const QJsonValue &value)
{
    if (value.isObject())
        json.raw(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact).toStdString());
    else if (value.isArray())
        json.raw(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact).toStdString());
    else if (value.isString())
        json.value(value.toString());
    else if (value.isBool())
        json.value(value.toBool());
    else if (value.isDouble())
        json.value(value.toDouble());
    else
        json.null();
}

void out(const QString &line)
{
    write(stdout, line + QLatin1Char('\n'));
}

void err(const QString &line)
{
    write(stderr, QStringLiteral("interleave: ") + line + QLatin1Char('\n'));
}

int usageError(const QString &message)
{
    err(message + QStringLiteral(" (see 'interleave --help')"));
    return kExitUsage;
}

int exitStatus(const RunResult &r)
{
    if (r.ok())
        return kExitOk;
    if (r.deadlock)
        return kExitDeadlock;
    return r.cancelled ? kExitInterrupted : kExitFailed;
}

int report(const QString &command, const Problem &problem)
{
    if (problem.inWorkload) {
        err(problem.message);
        return kExitUsage;
    }
    return usageError(command + QStringLiteral(": ") + problem.message);
}

// Parses --workload, --mode(s), --workers, --gil, --switch-interval and --set; returns what is
// wrong, or fills `sel`.
namespace {

std::unique_ptr<RunLibrary> s_history;
bool s_historyFailed = false;

void openHistory()
{
    QString problem;
    auto library = RunLibrary::open(RunLibrary::defaultPath(), &problem);
    if (!problem.isEmpty()) {
        err(problem + QStringLiteral(" (--no-history runs without it)"));
        return; // a library in memory would forget the run as the command ends
    }
    library->setSizeLimit(RunLibrary::savedSizeLimit());
    s_history = std::move(library);
}

} // namespace

void closeHistory()
{
    s_history.reset();
}

void remember(const RunResult &run)
{
    if (!s_history || s_historyFailed)
        return;
    QString error;
    if (!s_history->store(run, &error)) {
        err(error);
        s_historyFailed = true;
    }
}

QString parseRunOptions(const QCommandLineParser &parser, const Workload &workload,
                        WorkersAre workers, RunOptions *options)
{
    if (workers == WorkersAre::Count && parser.isSet(QStringLiteral("workers"))) {
        if (const QString e =
                parseWorkers(parser.value(QStringLiteral("workers")), &options->workers);
            !e.isEmpty())
            return QStringLiteral("--") + e;
    }
    options->gil = parser.isSet(QStringLiteral("gil"));
    options->limited = !parser.isSet(QStringLiteral("no-limits"));
    if (parser.isSet(QStringLiteral("switch-interval"))) {
        if (!options->gil)
            return QStringLiteral("--switch-interval only applies with --gil");
        if (const QString e = parseSwitchInterval(parser.value(QStringLiteral("switch-interval")),
                                                  &options->switchIntervalMs);
            !e.isEmpty())
            return QStringLiteral("--") + e;
    }
    if (parser.isSet(QStringLiteral("stdout"))) {
        if (const QString e =
                parseBuffering(parser.value(QStringLiteral("stdout")), &options->buffering);
            !e.isEmpty())
            return QStringLiteral("--") + e;
    }
    for (const QString &setting : parser.values(QStringLiteral("set"))) {
        if (const QString e = parseSetting(setting, workload, &options->settings); !e.isEmpty())
            return QStringLiteral("--set: ") + e;
    }
    return {};
}

Problem select(const QCommandLineParser &parser, const QStringList &modeNames, Selection &sel,
               WorkersAre workers)
{
    if (!parser.isSet(QStringLiteral("workload")))
        return {QStringLiteral("missing --workload: a built-in's name ('interleave list' lists "
                               "them) or a workload file")};
    const QString given = parser.value(QStringLiteral("workload"));
    WorkloadParse parsed = openWorkload(given);
    if (!parsed.workload)
        return {parsed.error, findBuiltin(given) == nullptr && isWorkloadFile(given)};
    sel.workload = std::move(*parsed.workload);

    for (const QString &name : modeNames) {
        Mode mode = Mode::Sequential;
        if (const QString e = parseMode(name, &mode); !e.isEmpty())
            return {e};
        sel.modes.push_back(mode);
    }
    if (sel.modes.empty())
        return {QStringLiteral("no mode given")};
    if (const QString e = parseRunOptions(parser, sel.workload, workers, &sel.base); !e.isEmpty())
        return {e};
    for (Mode mode : sel.modes) {
        if (const QString problem = checkOptions(sel.options(mode), sel.workload);
            !problem.isEmpty())
            return {problem};
        if (const QString problem = checkWorkerInstalled(mode); !problem.isEmpty())
            return {problem};
        if (const QString past = checkBudget(sel.options(mode), sel.workload); !past.isEmpty())
            return {past, true};
    }
    if (!parser.isSet(QStringLiteral("no-history")))
        openHistory();
    return {};
}

QString lessonLine(const Lesson &lesson)
{
    return (lesson.contradicted ? QStringLiteral("not shown: ") : QStringLiteral("lesson: ")) +
           lesson.text;
}

void addWorkloadOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("workload"), QStringLiteral("Built-in name or JSON file."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object.")});
    parser.addOption(
        {QStringLiteral("no-history"),
         QStringLiteral("Do not keep the runs in the run library (interleave history).")});
    addRunOptions(parser);
}

void addRunOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("workers"), QStringLiteral("Pool or process count, 1-256."),
                      QStringLiteral("n")});
    parser.addOption(
        {QStringLiteral("gil"), QStringLiteral("Emulate Python's GIL for threads and pool.")});
    parser.addOption({QStringLiteral("switch-interval"),
                      QStringLiteral("GIL switch interval in ms (0.1-100, default 5)."),
                      QStringLiteral("ms")});
    parser.addOption({QStringLiteral("set"),
                      QStringLiteral("Set a workload option, like locked=true (repeatable)."),
                      QStringLiteral("option=value")});
    parser.addOption({QStringLiteral("stdout"),
                      QStringLiteral("How stdout is buffered: unbuffered (python -u, an IDE), "
                                     "line (a terminal) or block (a pipe)."),
                      QStringLiteral("mode")});
    parser.addOption({QStringLiteral("no-limits"),
                      QStringLiteral("Lift the run's budget per thread: 10 minutes of waiting, "
                                     "16 MiB printed, 2,000,000 prints, waits and computations.")});
}

// Parses `args` (program name first); on failure returns the one-line reason.
QString parse(QCommandLineParser &parser, const QStringList &args, Positional positional)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(args))
        return parser.errorText();
    if (positional == Positional::No && !parser.positionalArguments().isEmpty())
        return QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first());
    return {};
}

std::vector<const RunResult *> Repeats::all() const
{
    std::vector<const RunResult *> out;
    for (const auto &r : runs)
        out.push_back(r.get());
    return out;
}

Spread Repeats::wall() const
{
    return wallSpreadMs(all());
}

QString parseRepeat(const QCommandLineParser &parser, int *count)
{
    if (!parser.isSet(QStringLiteral("repeat")))
        return {};
    bool ok = false;
    const int n = parser.value(QStringLiteral("repeat")).toInt(&ok);
    if (!ok || n < 1 || n > kMaxRepeats)
        return QStringLiteral("--repeat must be a whole number from 1 to %1, not '%2'")
            .arg(kMaxRepeats)
            .arg(parser.value(QStringLiteral("repeat")));
    *count = n;
    return {};
}

void addRepeatOption(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("repeat"),
                      QStringLiteral("Run each K times; report the median and its range."),
                      QStringLiteral("K")});
}

QJsonObject spreadJson(const Spread &s)
{
    return {{QStringLiteral("median"), s.median},
            {QStringLiteral("min"), s.min},
            {QStringLiteral("max"), s.max},
            {QStringLiteral("count"), s.count}};
}

QString rangeText(const Spread &s)
{
    if (s.count < 2)
        return QStringLiteral("-");
    return QStringLiteral("%1–%2").arg(s.min / 1e3, 0, 'f', 3).arg(s.max / 1e3, 0, 'f', 3);
}

} // namespace interleave::cli
