#include "traceopen.h"

#include "specjson.h"
#include "text.h"

#include "chromeread.h"
#include "json.h"
#include "runjsonread.h"

#include <QFile>
#include <QFileInfo>

#include <cmath>
#include <stdexcept>

#include <sys/mman.h>
#include <unistd.h>

namespace interleave {

namespace {

constexpr std::size_t kMaxSpans = 50'000'000; // as many as a run of ours may record

struct Stopped
{};

// What Interleave's own exports say of the run in "otherData".
struct OtherData
{
    QString workload;
    std::optional<Mode> mode;
    int workers = 0;
    std::int64_t wallNs = 0;
    bool cancelled = false;
    RunSpec spec; // its options and declared options, where the export names them
    bool ours() const { return !workload.isEmpty() && mode.has_value(); }
};

void readOtherData(json::Reader &reader, OtherData *meta)
{
    std::string scratch;
    std::string_view key;
    reader.beginObject();
    while (reader.nextMember(&key, &scratch)) {
        const char c = reader.peek();
        if (readSpecMember(key, reader, &meta->spec)) {
            // the options and the declared options
        } else if (key == "workload" && c == '"') {
            meta->workload = QString::fromStdString(std::string(reader.string(&scratch)));
        } else if (key == "mode" && c == '"') {
            meta->mode = modeFromName(QString::fromStdString(std::string(reader.string(&scratch))));
        } else if (key == "workers" && (c == '-' || std::isdigit(static_cast<unsigned char>(c)))) {
            meta->workers = int(std::clamp(reader.number(), 0.0, 1e6));
        } else if (key == "wall_ms" && (c == '-' || std::isdigit(static_cast<unsigned char>(c)))) {
            meta->wallNs = std::llround(std::clamp(reader.number(), 0.0, 1e12) * 1e6);
        } else if (key == "cancelled" && (c == 't' || c == 'f')) {
            meta->cancelled = reader.boolean();
        } else {
            reader.skip();
        }
    }
}

// Why the bytes are not JSON at all, before reading them as JSON: empty, compressed, a page.
QString notJson(std::string_view doc)
{
    const auto first = doc.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return QStringLiteral("is empty: a trace is a JSON document");
    const auto c = static_cast<unsigned char>(doc[first]);
    const auto at = [&](std::size_t i) {
        return i < doc.size() ? static_cast<unsigned char>(doc[i]) : 0u;
    };
    if ((at(0) == 0xFF && at(1) == 0xFE) || (at(0) == 0xFE && at(1) == 0xFF))
        return QStringLiteral("is UTF-16 text: JSON files are UTF-8 (save it as UTF-8)");
    if (doc.size() >= 2 && c == 0x1f && static_cast<unsigned char>(doc[1]) == 0x8b)
        return QStringLiteral("is compressed with gzip: unpack it first (gunzip)");
    if (c == '<')
        return QStringLiteral("is an HTML or XML page, not JSON (VizTracer writes JSON when "
                              "its output file ends in .json: viztracer -o trace.json)");
    if (c != '{' && c != '[' && (c < 0x20 || c >= 0x7f))
        return QStringLiteral("is not JSON: it is not even text");
    return {};
}

QString parseErrorText(std::string_view doc, const json::ParseError &e)
{
    const json::Position p = json::position(doc, e.offset);
    return QStringLiteral("is not valid JSON: line %1, column %2: %3")
        .arg(p.line)
        .arg(p.column)
        .arg(QString::fromStdString(e.message));
}

QByteArray stdoutOf(const Trace &trace)
{
    QByteArray bytes;
    for (const Event *e : trace.writes())
        bytes += e->text.toUtf8();
    return bytes;
}

// Interleave's exports name a worker process's one thread "MainThread" and the process after
// it, where the recorder names the track after the process: back as it was recorded.
void nameAsRecorded(Trace &trace, Pid mainPid)
{
    for (TrackInfo &t : trace.tracks) {
        for (const ProcessInfo &p : trace.processes) {
            if (t.pid == p.pid && t.pid != mainPid && t.role == TrackRole::Thread)
                t.name = p.name;
        }
    }
    trace.processes.clear();
}

// Where the shown times count from: Interleave's count from the run's start already, other
// tools' from anywhere (their first moment becomes 0).
std::int64_t originOf(const TraceBuilder &builder, const OtherData &meta)
{
    return meta.ours() || builder.firstNs() == INT64_MAX ? 0 : builder.firstNs();
}

// True when every moment is within what a Span holds of the origin.
bool withinReach(const TraceBuilder &builder, std::int64_t origin)
{
    return (builder.firstNs() == INT64_MAX || builder.firstNs() - origin >= -Span::kMaxNs) &&
           (builder.lastNs() == INT64_MIN || builder.lastNs() - origin <= Span::kMaxNs);
}

RunResult chromeRun(TraceBuilder &builder, const ChromeEvents &chrome, const OtherData &meta,
                    const QString &path, bool vizTracer)
{
    RunResult run;
    const bool ours = meta.ours();
    const std::int64_t origin = originOf(builder, meta);
    const std::int64_t span = builder.lastNs() == INT64_MIN ? 0 : builder.lastNs() - origin;
    const std::size_t threads = builder.threadCount();
    run.pid = Pid(builder.firstPid());
    run.trace = builder.finish(origin, !ours);
    if (ours)
        static_cast<RunSpec &>(run) = meta.spec;
    run.workload = ours ? meta.workload : QFileInfo(path).completeBaseName();
    run.options.mode = meta.mode.value_or(Mode::Sequential);
    run.workers = ours ? meta.workers : int(threads);
    run.wallNs = ours ? meta.wallNs : span;
    run.cancelled = ours && (meta.cancelled || chrome.stopped());
    run.stdoutBytes = stdoutOf(run.trace);
    if (ours)
        nameAsRecorded(run.trace, run.pid);
    const QString format = ours                         ? QStringLiteral("Interleave")
                           : vizTracer                  ? QStringLiteral("VizTracer")
                           : !chrome.writer().isEmpty() ? chrome.writer()
                                                        : QStringLiteral("Chrome trace");
    run.source = TraceSource{QFileInfo(path).absoluteFilePath(), format, ours, chrome.skipped(),
                             chrome.problem()};
    return run;
}

} // namespace

namespace {

std::optional<RunResult> readDocument(std::string_view doc, const QString &path, QString *error,
                                      const std::function<void(std::size_t)> &progress)
{
    const QString name = QFileInfo(path).fileName();
    if (doc.substr(0, 3) == "\xEF\xBB\xBF")
        doc.remove_prefix(3); // a byte-order mark some editors write: not part of the JSON
    if (const QString problem = notJson(doc); !problem.isEmpty()) {
        *error = name + QLatin1Char(' ') + problem;
        return std::nullopt;
    }
    TraceBuilder builder;
    ChromeEvents chrome(builder);
    RunJson ours;
    OtherData meta;
    bool events = false;
    bool vizTracer = false;
    bool workload = false;
    const auto told = [&](std::size_t offset) {
        if (builder.spanCount() > kMaxSpans)
            throw std::length_error("too many spans");
        if (progress)
            progress(offset);
    };
    ours.setProgress(told);
    try {
        json::Reader reader(doc);
        reader.setLenient(true); // a lone surrogate in a name is not worth refusing a trace for
        if (reader.peek() == '[') {
            chrome.read(reader, told);
            events = true;
        } else if (reader.peek() == '{') {
            std::string scratch;
            std::string_view key;
            reader.beginObject();
            while (reader.nextMember(&key, &scratch)) {
                if (key == "traceEvents" && reader.peek() == '[') {
                    chrome.read(reader, told);
                    events = true;
                } else if (key == "otherData" && reader.peek() == '{') {
                    readOtherData(reader, &meta);
                } else if (!ours.member(key, reader)) {
                    vizTracer |= key == "viztracer_metadata";
                    workload |= key == "functions";
                    reader.skip();
                }
            }
        } else {
            reader.skip();
            *error = name + QStringLiteral(" is JSON but not a trace: a trace is an object "
                                           "with \"traceEvents\" or a list of events");
            return std::nullopt;
        }
        reader.expectEnd();
    } catch (const json::ParseError &e) {
        *error = name + QLatin1Char(' ') + parseErrorText(doc, e);
        return std::nullopt;
    } catch (const Stopped &) {
        *error = QStringLiteral("opening %1 was stopped").arg(name);
        return std::nullopt;
    } catch (const std::length_error &) {
        *error = name + QStringLiteral(" has more than %L1 spans, more than Interleave opens")
                            .arg(qulonglong(kMaxSpans));
        return std::nullopt;
    }
    if (!events && ours.found()) {
        auto run = ours.finish(error);
        if (!run)
            *error = name + QStringLiteral(" is not a run Interleave can show: ") + *error;
        else
            run->source->path = QFileInfo(path).absoluteFilePath();
        return run;
    }
    if (!events) {
        *error = name + (workload ? QStringLiteral(" is a workload, not a trace: open it with "
                                                   "File ▸ Open workload (or run --workload)")
                                  : QStringLiteral(" is JSON but not a trace: it has no "
                                                   "\"traceEvents\" list of events"));
        return std::nullopt;
    }
    if (builder.spanCount() == 0 && builder.eventCount() == 0) {
        *error = name + QStringLiteral(" holds no events Interleave can show (%L1 read: it shows "
                                       "\"X\", \"B\"/\"E\" and instant events with a \"ts\")")
                            .arg(qulonglong(chrome.read()));
        if (!chrome.problem().isEmpty())
            *error += QStringLiteral("; ") + chrome.problem();
        return std::nullopt;
    }
    if (!withinReach(builder, originOf(builder, meta))) {
        *error = name + QStringLiteral(" spans more than 417 days between its first and last "
                                       "moment, more than Interleave shows");
        return std::nullopt;
    }
    return chromeRun(builder, chrome, meta, path, vizTracer);
}

} // namespace

std::optional<RunResult> readTrace(std::string_view doc, const QString &path, QString *error,
                                   const std::function<void(std::size_t)> &progress)
{
    // Whatever the reading throws becomes a message: an open must never end the app.
    try {
        return readDocument(doc, path, error, progress);
    } catch (const std::bad_alloc &) {
        *error = QStringLiteral("%1 is too large to open in the memory there is")
                     .arg(QFileInfo(path).fileName());
    } catch (const std::exception &e) {
        *error = QStringLiteral("%1 could not be opened: %2")
                     .arg(QFileInfo(path).fileName(), QString::fromLocal8Bit(e.what()));
    }
    return std::nullopt;
}

std::optional<RunResult> openTraceFile(const QString &path, QString *error, TraceProgress *shared)
{
    const QFileInfo info(path);
    if (info.isDir()) {
        *error = QStringLiteral("%1 is a folder, not a trace file").arg(path);
        return std::nullopt;
    }
    if (info.exists() && !info.isFile()) {
        *error = QStringLiteral("%1 is not a regular file").arg(path);
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() == 0)
        return readTrace({}, path, error);
    uchar *base = file.map(0, file.size());
    if (base == nullptr) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const auto size = std::size_t(file.size());
    madvise(base, size, MADV_SEQUENTIAL);
    const std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
    // What has been read is let go: the file's pages need not stay in this process's memory.
    const auto progress = [&](std::size_t offset) {
        madvise(base, offset / page * page, MADV_DONTNEED);
        if (shared == nullptr)
            return;
        shared->percent.store(int(offset * 100 / size));
        if (shared->stop.load())
            throw Stopped();
    };
    auto run = readTrace(std::string_view(reinterpret_cast<const char *>(base), size), path, error,
                         progress);
    file.unmap(base);
    return run;
}

bool looksLikeTrace(QByteArrayView head)
{
    const QByteArray start = head.first(std::min<qsizetype>(head.size(), 4096)).toByteArray();
    const QByteArray trimmed = start.trimmed();
    return trimmed.startsWith('[') || start.contains("\"traceEvents\"") ||
           (start.contains("\"tracks\"") && start.contains("\"spans\""));
}

QString describeTrace(const RunResult &run)
{
    if (!run.source)
        return {};
    const TraceSource &s = *run.source;
    const auto count = [](std::size_t n, const char *one, const char *many) {
        return QStringLiteral("%L1 %2").arg(qulonglong(n)).arg(QLatin1String(n == 1 ? one : many));
    };
    const std::size_t lines = run.trace.output().size();
    const QString by =
        s.format == QLatin1String("Interleave")     ? QStringLiteral("exported by Interleave")
        : s.format == QLatin1String("Chrome trace") ? QStringLiteral("a Chrome trace")
                                                    : QStringLiteral("recorded by ") + s.format;
    const QString span = durationText(run.wallNs);
    QString text = QStringLiteral("%1, %2: %3 in %4, %5, %6 printed, over %7.")
                       .arg(QFileInfo(s.path).fileName(), by,
                            count(run.trace.threadCount(), "thread", "threads"),
                            count(run.trace.processCount(), "process", "processes"),
                            count(run.trace.spans.size(), "span", "spans"),
                            count(lines, "line", "lines"), span);
    if (s.skipped > 0)
        text += QStringLiteral(" %1 not understood and passed over (the first: %2).")
                    .arg(count(s.skipped, "event", "events"), s.problem);
    return text;
}

} // namespace interleave
