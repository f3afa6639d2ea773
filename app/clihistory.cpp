// interleave history, show and rm: the runs kept in the run library.
#include "clisupport.h"

#include "chrometrace.h"
#include "runjson.h"
#include "runlibrary.h"
#include "traceopen.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace interleave::cli {

namespace {

// The library, or nothing and the reason printed.
std::unique_ptr<RunLibrary> openLibrary(const QString &command)
{
    QString problem;
    auto library = RunLibrary::open(RunLibrary::defaultPath(), &problem);
    if (!problem.isEmpty()) {
        err(QStringLiteral("%1: %2").arg(command, problem));
        return nullptr;
    }
    return library;
}

// "12" into an id, or an error message.
QString parseId(const QString &text, qint64 *id)
{
    bool ok = false;
    *id = text.toLongLong(&ok);
    if (!ok || *id <= 0)
        return QStringLiteral("'%1' is not a run id ('interleave history' lists them)").arg(text);
    return {};
}

QJsonObject summaryJson(const StoredRunSummary &s)
{
    return {
        {QStringLiteral("id"), s.id},
        {QStringLiteral("created"), s.created.toString(Qt::ISODateWithMs)},
        {QStringLiteral("workload"), s.workload},
        {QStringLiteral("mode"), s.mode},
        {QStringLiteral("config"), s.config},
        {QStringLiteral("wall_ms"), double(s.wallNs) / 1e6},
        {QStringLiteral("cancelled"), s.cancelled},
        {QStringLiteral("ok"), s.ok},
        {QStringLiteral("cores"), s.cores},
        {QStringLiteral("load_average"), s.loadAverage ? QJsonValue(*s.loadAverage) : QJsonValue()},
        {QStringLiteral("app_version"), s.appVersion},
        {QStringLiteral("bytes"), s.bytes}};
}

} // namespace

int cmdHistory(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("workload"), QStringLiteral("Only this workload's runs."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON array.")});
    if (const QString e = parse(parser, args); !e.isEmpty())
        return usageError(QStringLiteral("history: ") + e);
    const auto library = openLibrary(QStringLiteral("history"));
    if (!library)
        return kExitFailed;
    const auto runs = library->list(parser.value(QStringLiteral("workload")));
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray all;
        for (const StoredRunSummary &s : runs)
            all.append(summaryJson(s));
        write(stdout, QString::fromUtf8(QJsonDocument(all).toJson(QJsonDocument::Compact)) +
                          QLatin1Char('\n'));
        return kExitOk;
    }
    if (runs.empty()) {
        out(QStringLiteral("no runs kept yet (%1): run, compare, sweep and export keep theirs")
                .arg(library->path()));
        return kExitOk;
    }
    out(QStringLiteral("%1  %2  %3 %4 %5")
            .arg(QStringLiteral("id"), 6)
            .arg(QStringLiteral("when"), -16)
            .arg(QStringLiteral("workload"), -18)
            .arg(QStringLiteral("configuration"), -28)
            .arg(QStringLiteral("wall"), 9));
    for (const StoredRunSummary &s : runs) {
        out(QStringLiteral("%1  %2  %3 %4 %5%6")
                .arg(s.id, 6)
                .arg(s.created.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")), -16)
                .arg(s.workload.left(18), -18)
                .arg(s.config.left(28), -28)
                .arg(wallText(s.wallNs), 9)
                .arg(s.cancelled ? QStringLiteral("  stopped")
                     : s.ok      ? QString()
                                 : QStringLiteral("  failed")));
    }
    return kExitOk;
}

namespace {

// The run a `show` argument names: a kept run's id, or a trace file.
std::optional<RunResult> runToShow(const QString &what, qint64 *id, QString *error)
{
    // A number is a kept run's id (a file of that name is ./12).
    bool number = false;
    what.toLongLong(&number);
    if (!number) {
        *id = 0;
        return openTraceFile(what, error);
    }
    if (*error = parseId(what, id); !error->isEmpty())
        return std::nullopt;
    QString problem;
    const auto library = RunLibrary::open(RunLibrary::defaultPath(), &problem);
    if (!problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    auto run = library->load(*id, error);
    // Its lesson is its program's expectations: compiled from the text it ran.
    if (run && !run->program) {
        if (WorkloadParse parsed = parseWorkload(run->document, run->workload); parsed.workload)
            attachProgram(*run, parsed.workload->program);
    }
    return run;
}

} // namespace

int cmdShow(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("run"),
                                 QStringLiteral("A kept run's id, or a trace file (JSON)."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object.")});
    parser.addOption({QStringLiteral("trace"), QStringLiteral("Write a Chrome Trace JSON file."),
                      QStringLiteral("file")});
    if (const QString e = parse(parser, args, Positional::Allowed); !e.isEmpty())
        return usageError(QStringLiteral("show: ") + e);
    if (parser.positionalArguments().size() != 1)
        return usageError(
            QStringLiteral("show: give one run id (see 'interleave history') or a trace file"));
    const QString what = parser.positionalArguments().front();
    bool number = false;
    what.toLongLong(&number);
    if (!number && !QFileInfo::exists(what))
        return usageError(QStringLiteral("show: '%1' is neither a run id ('interleave history' "
                                         "lists them) nor a file")
                              .arg(what));
    qint64 id = 0;
    QString error;
    const auto run = runToShow(what, &id, &error);
    if (!run) {
        err(QStringLiteral("show: ") + error);
        return kExitFailed;
    }
    const Lesson lesson = run->ok() && !run->source ? explainRepeats({&*run}) : Lesson{};
    if (parser.isSet(QStringLiteral("json"))) {
        writeJson(stdout, [&](JsonWriter &json) {
            writeRunJson(*run, json, [&](JsonWriter &more) {
                if (id > 0)
                    more.key("id").value(id);
                more.key("lesson");
                writeJsonValue(more, lesson.isEmpty() ? QJsonValue() : QJsonValue(lesson.text));
            });
        });
    } else {
        write(stdout, QString::fromUtf8(run->stdoutBytes));
        if (!run->stdoutBytes.isEmpty() && !run->stdoutBytes.endsWith('\n'))
            write(stdout, QStringLiteral("\n"));
        printSummary(*run, lesson);
    }
    if (parser.isSet(QStringLiteral("trace"))) {
        const QString path = parser.value(QStringLiteral("trace"));
        if (const QString e = writeChromeTrace(*run, path); !e.isEmpty()) {
            err(e);
            return kExitFailed;
        }
        if (!parser.isSet(QStringLiteral("json")))
            out(QStringLiteral("trace written to %1").arg(path));
    }
    return kExitOk;
}

int cmdRm(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("Runs' ids."));
    if (const QString e = parse(parser, args, Positional::Allowed); !e.isEmpty())
        return usageError(QStringLiteral("rm: ") + e);
    std::vector<qint64> ids;
    for (const QString &text : parser.positionalArguments()) {
        qint64 id = 0;
        if (const QString e = parseId(text, &id); !e.isEmpty())
            return usageError(QStringLiteral("rm: ") + e);
        ids.push_back(id);
    }
    if (ids.empty())
        return usageError(QStringLiteral("rm: give the ids of the runs to delete"));
    const auto library = openLibrary(QStringLiteral("rm"));
    if (!library)
        return kExitFailed;
    QString error;
    const int removed = library->remove(ids, &error);
    if (!error.isEmpty()) {
        err(QStringLiteral("rm: ") + error);
        return kExitFailed;
    }
    out(QStringLiteral("deleted %1 of %2 %3")
            .arg(removed)
            .arg(ids.size())
            .arg(ids.size() == 1 ? QStringLiteral("run") : QStringLiteral("runs")));
    return removed == int(ids.size()) ? kExitOk : kExitFailed;
}

} // namespace interleave::cli
