#include "storedrun.h"

#include "protocol.h"
#include "storedtrace.h"
#include "workload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

namespace interleave {

namespace {

// Format 2: these bytes, the format's number, then compressed: a JSON header (what shaped the
// run and how it ended), stdout, the results, the globals and the trace in binary
// (storedtrace.h). Format 1, one compressed JSON document, is still read.
constexpr char kMagic[] = "\xffIRUN";
constexpr qsizetype kMagicSize = 5;
constexpr int kFormat = 2;
// Refuse to inflate past this: a stored run is at most what a run may record.
constexpr qsizetype kMaxInflated = qsizetype(1) << 31;

QByteArray unbase64(const QJsonValue &v)
{
    return QByteArray::fromBase64(v.toString().toLatin1());
}

std::string encodeValues(const std::vector<lang::Value> &values)
{
    wire::Encoder e;
    e.u32(std::uint32_t(values.size()));
    for (const lang::Value &v : values)
        wire::encodeValue(e, v);
    return e.bytes();
}

std::optional<std::vector<lang::Value>> decodeValues(std::string_view bytes)
{
    wire::Decoder d(bytes);
    const std::uint32_t n = d.u32();
    if (!d.ok() || n > d.remaining())
        return std::nullopt;
    std::vector<lang::Value> values;
    for (std::uint32_t i = 0; i < n; ++i) {
        auto value = wire::decodeValue(d);
        if (!value)
            return std::nullopt;
        values.push_back(std::move(*value));
    }
    if (!d.finished())
        return std::nullopt;
    return values;
}

TaskId taskFrom(const QJsonValue &v)
{
    const qint64 n = v.toInteger(-1);
    return n >= 0 ? TaskId(TaskId::value_type(n)) : TaskId();
}

// A track, task and kind that the trace can hold, or false.
bool traceFrom(const QJsonObject &j, Trace *t)
{
    for (const QJsonValue &v : j.value(QStringLiteral("tracks")).toArray()) {
        const QJsonArray a = v.toArray();
        if (a.size() != 5 || a[0].toInteger(-1) != qint64(t->tracks.size()))
            return false;
        t->tracks.push_back({TrackId(TrackId::value_type(a[0].toInteger())), Pid(a[1].toInteger()),
                             Tid(a[2].toInteger()), a[3].toString(),
                             a[4].toInt() == 1 ? TrackRole::Gil : TrackRole::Thread});
    }
    const auto track = [&](const QJsonValue &v, TrackId *id) {
        const qint64 n = v.toInteger(-1);
        *id = TrackId(TrackId::value_type(std::max<qint64>(0, n)));
        return n >= 0 && n < qint64(t->tracks.size());
    };
    const QJsonArray spans = j.value(QStringLiteral("spans")).toArray();
    if (spans.size() % 5 != 0)
        return false;
    t->spans.reserve(std::size_t(spans.size() / 5));
    for (qsizetype i = 0; i < spans.size(); i += 5) {
        Span s;
        const int kind = spans[i + 2].toInt(-1);
        if (!track(spans[i], &s.track) || kind < 0 || kind >= kSpanKindCount)
            return false;
        s.task = taskFrom(spans[i + 1]);
        s.kind = SpanKind(kind);
        const qint64 start = spans[i + 3].toInteger(), end = spans[i + 4].toInteger();
        if (end < start || start < -Span::kMaxNs || end > Span::kMaxNs)
            return false;
        s.startNs = start;
        s.endNs = end;
        t->spans.push_back(s);
    }
    for (const QJsonValue &v : j.value(QStringLiteral("events")).toArray()) {
        const QJsonArray a = v.toArray();
        Event e;
        const int kind = a.size() == 5 ? a[2].toInt(-1) : -1;
        if (!track(a[0], &e.track) || kind < 0 || kind >= kEventKindCount)
            return false;
        e.task = taskFrom(a[1]);
        e.kind = EventKind(kind);
        e.timeNs = a[3].toInteger();
        e.text = a[4].toString();
        t->events.push_back(std::move(e));
    }
    t->sortSpans(); // a stored run edited by hand is put in order rather than shown in part
    t->nowNs = j.value(QStringLiteral("now_ns")).toInteger();
    if (const QJsonObject info = j.value(QStringLiteral("info")).toObject(); !info.isEmpty()) {
        auto i = std::make_shared<RunInfo>();
        for (const QJsonValue &c : info.value(QStringLiteral("calls")).toArray())
            i->calls.push_back({c.toArray().at(0).toString(), c.toArray().at(1).toString()});
        t->info = std::move(i);
    }
    return true;
}

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

// What shaped the run and how it ended: the part of a stored run both formats keep as JSON.
QJsonObject headerJson(const RunResult &r)
{
    QJsonObject machine{{QStringLiteral("cores"), r.cores},
                        {QStringLiteral("cpu_ns"), qint64(r.cpuNs)}};
    if (r.loadAverage)
        machine.insert(QStringLiteral("load_average"), *r.loadAverage);
    if (r.othersCpuNs)
        machine.insert(QStringLiteral("others_cpu_ns"), qint64(*r.othersCpuNs));
    return {{QStringLiteral("workload"), r.workload},
            {QStringLiteral("document"), QString::fromUtf8(r.document)},
            {QStringLiteral("mode"), modeName(r.mode())},
            {QStringLiteral("workers"), r.workers},
            {QStringLiteral("cancelled"), r.cancelled},
            {QStringLiteral("error"), r.error},
            {QStringLiteral("deadlock"), r.deadlock},
            {QStringLiteral("wall_ns"), qint64(r.wallNs)},
            {QStringLiteral("pid"), r.pid.value()},
            {QStringLiteral("options"), optionsToJson(r.options)},
            {QStringLiteral("declared"), declaredToJson(r.declared)},
            {QStringLiteral("global_names"),
             QJsonArray::fromStringList(QStringList(r.globalNames.begin(), r.globalNames.end()))},
            {QStringLiteral("machine"), machine}};
}

bool headerFrom(const QJsonObject &o, RunResult *r)
{
    const auto mode = modeFromName(o.value(QStringLiteral("mode")).toString());
    if (!mode || !optionsFromJson(o.value(QStringLiteral("options")).toObject(), &r->options))
        return false;
    r->options.mode = *mode;
    r->declared = declaredFromJson(o.value(QStringLiteral("declared")).toArray());
    for (const QJsonValue &name : o.value(QStringLiteral("global_names")).toArray())
        r->globalNames.push_back(name.toString());
    r->workload = o.value(QStringLiteral("workload")).toString();
    r->document = o.value(QStringLiteral("document")).toString().toUtf8();
    r->workers = o.value(QStringLiteral("workers")).toInt();
    r->cancelled = o.value(QStringLiteral("cancelled")).toBool();
    r->error = o.value(QStringLiteral("error")).toString();
    r->deadlock = o.value(QStringLiteral("deadlock")).toBool();
    r->wallNs = o.value(QStringLiteral("wall_ns")).toInteger();
    r->pid = Pid(o.value(QStringLiteral("pid")).toInteger());
    const QJsonObject machine = o.value(QStringLiteral("machine")).toObject();
    r->cores = machine.value(QStringLiteral("cores")).toInt();
    r->cpuNs = machine.value(QStringLiteral("cpu_ns")).toInteger();
    if (machine.contains(QStringLiteral("load_average")))
        r->loadAverage = machine.value(QStringLiteral("load_average")).toDouble();
    if (machine.contains(QStringLiteral("others_cpu_ns")))
        r->othersCpuNs = machine.value(QStringLiteral("others_cpu_ns")).toInteger();
    return true;
}

// A run stored without what its workload declares (options, globals' names) has them from
// its program, compiled from the stored text.
void completeFromDocument(const QJsonObject &header, RunResult &r)
{
    if (header.contains(QStringLiteral("global_names")) || r.document.isEmpty())
        return;
    WorkloadParse parsed = parseWorkload(r.document, r.workload);
    if (parsed.workload && parsed.workload->program->globals.size() == r.globals.size()) {
        const QString name = r.workload; // the window may have renamed a file's workload
        static_cast<RunSpec &>(r) = RunSpec(*parsed.workload, r.options);
        r.workload = name;
        attachProgram(r, parsed.workload->program);
    }
}

// qCompress'd bytes inflated, or empty with `error` saying why. qCompress puts the inflated
// size first: an absurd one is refused before anything is allocated.
QByteArray inflate(const QByteArray &bytes, QString *error)
{
    if (bytes.size() < 4 || qFromBigEndian<quint32>(bytes.constData()) > quint64(kMaxInflated)) {
        *error = QStringLiteral("the stored run is damaged (not compressed data)");
        return {};
    }
    QByteArray inflated = qUncompress(bytes);
    if (inflated.isEmpty())
        *error = QStringLiteral("the stored run is damaged (it does not inflate)");
    return inflated;
}

// Format 1: one compressed JSON document, the trace's spans
// as a flat array of numbers.
std::optional<RunResult> decodeFormat1(const QByteArray &bytes, QString *error)
{
    const QByteArray json = inflate(bytes, error);
    if (json.isEmpty())
        return std::nullopt;
    QJsonParseError parseError;
    const QJsonObject o = QJsonDocument::fromJson(json, &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("the stored run is damaged (%1)").arg(parseError.errorString());
        return std::nullopt;
    }
    if (o.value(QStringLiteral("format")).toInt() != 1) {
        *error = QStringLiteral("the stored run is in format %1, which this version cannot read")
                     .arg(o.value(QStringLiteral("format")).toInt());
        return std::nullopt;
    }
    RunResult r;
    auto results = decodeValues(view(unbase64(o.value(QStringLiteral("results")))));
    auto globals = decodeValues(view(unbase64(o.value(QStringLiteral("globals")))));
    if (!headerFrom(o, &r) || !results || !globals ||
        !traceFrom(o.value(QStringLiteral("trace")).toObject(), &r.trace)) {
        *error = QStringLiteral("the stored run is damaged (a field out of range)");
        return std::nullopt;
    }
    r.results = std::move(*results);
    r.globals = std::move(*globals);
    r.stdoutBytes = unbase64(o.value(QStringLiteral("stdout")));
    completeFromDocument(o, r);
    return r;
}

} // namespace

QByteArray encodeStoredRun(const RunResult &r)
{
    const QByteArray header = QJsonDocument(headerJson(r)).toJson(QJsonDocument::Compact);
    const std::string results = encodeValues(r.results);
    const std::string globals = encodeValues(r.globals);
    wire::Encoder e;
    e.reserve(16 + std::size_t(header.size() + r.stdoutBytes.size()) + results.size() +
              globals.size() + encodedTraceSize(r.trace));
    e.str(view(header));
    e.str(view(r.stdoutBytes));
    e.str(results);
    e.str(globals);
    encodeTrace(e, r.trace);
    const std::string &payload = e.bytes();
    QByteArray out(kMagic, kMagicSize);
    out.append(char(kFormat));
    // The fastest level: a million calls' trace in a fraction of a second, still about a
    // tenth of its size.
    out.append(
        qCompress(reinterpret_cast<const uchar *>(payload.data()), qsizetype(payload.size()), 1));
    return out;
}

std::optional<RunResult> decodeStoredRun(const QByteArray &bytes, QString *error)
{
    const auto damaged = [&](const QString &why) {
        *error = QStringLiteral("the stored run is damaged (%1)").arg(why);
        return std::nullopt;
    };
    if (!bytes.startsWith(QByteArray(kMagic, kMagicSize))) // format 1: compressed JSON
        return decodeFormat1(bytes, error);
    if (bytes.size() <= kMagicSize)
        return damaged(QStringLiteral("it ends after its first bytes"));
    if (const int format = static_cast<unsigned char>(bytes[kMagicSize]); format != kFormat) {
        *error = QStringLiteral("the stored run is in format %1, which this version cannot read")
                     .arg(format);
        return std::nullopt;
    }
    const QByteArray payload = inflate(bytes.mid(kMagicSize + 1), error);
    if (payload.isEmpty())
        return std::nullopt;
    wire::Decoder d(view(payload));
    const std::string header = d.str();
    const std::string stdoutBytes = d.str();
    const std::string results = d.str();
    const std::string globals = d.str();
    QJsonParseError parseError;
    const QJsonObject o =
        QJsonDocument::fromJson(QByteArray::fromStdString(header), &parseError).object();
    if (!d.ok() || parseError.error != QJsonParseError::NoError)
        return damaged(QStringLiteral("its header cannot be read"));
    RunResult r;
    auto resultValues = decodeValues(results);
    auto globalValues = decodeValues(globals);
    if (!headerFrom(o, &r) || !resultValues || !globalValues || !decodeTrace(d, &r.trace) ||
        !d.finished())
        return damaged(QStringLiteral("a field out of range"));
    r.stdoutBytes = QByteArray::fromStdString(stdoutBytes);
    r.results = std::move(*resultValues);
    r.globals = std::move(*globalValues);
    completeFromDocument(o, r);
    return r;
}

} // namespace interleave
