#include "storedrun.h"

#include "protocol.h"
#include "workload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

namespace interleave {

namespace {

constexpr int kFormat = 1;
// Refuse to inflate past this: a stored run is at most what a run may record.
constexpr qsizetype kMaxInflated = qsizetype(1) << 31;

QString base64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

QByteArray unbase64(const QJsonValue &v)
{
    return QByteArray::fromBase64(v.toString().toLatin1());
}

QString encodeValues(const std::vector<lang::Value> &values)
{
    wire::Encoder e;
    e.u32(std::uint32_t(values.size()));
    for (const lang::Value &v : values)
        wire::encodeValue(e, v);
    return base64(QByteArray::fromStdString(e.bytes()));
}

std::optional<std::vector<lang::Value>> decodeValues(const QJsonValue &v)
{
    const QByteArray bytes = unbase64(v);
    wire::Decoder d(std::string_view(bytes.constData(), std::size_t(bytes.size())));
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

qint64 taskNumber(TaskId id)
{
    return id.isValid() ? qint64(id.value()) : -1;
}

TaskId taskFrom(const QJsonValue &v)
{
    const qint64 n = v.toInteger(-1);
    return n >= 0 ? TaskId(TaskId::value_type(n)) : TaskId();
}

QJsonObject optionsJson(const RunOptions &o)
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

bool optionsFrom(const QJsonObject &j, RunOptions *o)
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
    const QJsonObject settings = j.value(QStringLiteral("settings")).toObject();
    for (auto it = settings.begin(); it != settings.end(); ++it)
        o->settings.insert(it.key(), it.value().toBool());
    return true;
}

QJsonObject traceJson(const Trace &t)
{
    QJsonArray tracks;
    for (const TrackInfo &k : t.tracks)
        tracks.append(QJsonArray{qint64(k.id.value()), k.pid.value(), k.tid.value(), k.name,
                                 k.role == TrackRole::Gil ? 1 : 0});
    // Spans flat, five numbers each: most of a stored run, so no names repeated per span.
    QJsonArray spans;
    for (const Span &s : t.spans) {
        spans.append(qint64(s.track.value()));
        spans.append(taskNumber(s.task));
        spans.append(int(s.kind));
        spans.append(qint64(s.startNs));
        spans.append(qint64(s.endNs));
    }
    QJsonArray events;
    for (const Event &e : t.events)
        events.append(QJsonArray{qint64(e.track.value()), taskNumber(e.task), int(e.kind),
                                 qint64(e.timeNs), e.text});
    QJsonObject o{{QStringLiteral("tracks"), tracks},
                  {QStringLiteral("spans"), spans},
                  {QStringLiteral("events"), events},
                  {QStringLiteral("now_ns"), qint64(t.nowNs)}};
    if (t.info) {
        QJsonArray calls;
        for (const CallInfo &c : t.info->calls)
            calls.append(QJsonArray{c.function, c.args});
        o.insert(QStringLiteral("info"), QJsonObject{{QStringLiteral("workload"), t.info->workload},
                                                     {QStringLiteral("mode"), t.info->mode},
                                                     {QStringLiteral("options"),
                                                      QJsonArray::fromStringList(t.info->options)},
                                                     {QStringLiteral("pid"), t.info->pid.value()},
                                                     {QStringLiteral("calls"), calls}});
    }
    return o;
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
        i->workload = info.value(QStringLiteral("workload")).toString();
        i->mode = info.value(QStringLiteral("mode")).toString();
        for (const QJsonValue &o : info.value(QStringLiteral("options")).toArray())
            i->options << o.toString();
        i->pid = Pid(info.value(QStringLiteral("pid")).toInteger());
        for (const QJsonValue &c : info.value(QStringLiteral("calls")).toArray())
            i->calls.push_back({c.toArray().at(0).toString(), c.toArray().at(1).toString()});
        t->info = std::move(i);
    }
    return true;
}

} // namespace

QByteArray encodeStoredRun(const RunResult &r)
{
    QJsonObject machine{{QStringLiteral("cores"), r.cores},
                        {QStringLiteral("cpu_ns"), qint64(r.cpuNs)}};
    if (r.loadAverage)
        machine.insert(QStringLiteral("load_average"), *r.loadAverage);
    if (r.othersCpuNs)
        machine.insert(QStringLiteral("others_cpu_ns"), qint64(*r.othersCpuNs));
    const QJsonObject o{{QStringLiteral("format"), kFormat},
                        {QStringLiteral("workload"), r.workload},
                        {QStringLiteral("document"), QString::fromUtf8(r.document)},
                        {QStringLiteral("mode"), modeName(r.mode)},
                        {QStringLiteral("workers"), r.workers},
                        {QStringLiteral("cancelled"), r.cancelled},
                        {QStringLiteral("error"), r.error},
                        {QStringLiteral("deadlock"), r.deadlock},
                        {QStringLiteral("wall_ns"), qint64(r.wallNs)},
                        {QStringLiteral("pid"), r.pid.value()},
                        {QStringLiteral("stdout"), base64(r.stdoutBytes)},
                        {QStringLiteral("results"), encodeValues(r.results)},
                        {QStringLiteral("globals"), encodeValues(r.globals)},
                        {QStringLiteral("options"), optionsJson(r.options)},
                        {QStringLiteral("machine"), machine},
                        {QStringLiteral("trace"), traceJson(r.trace)}};
    return qCompress(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

std::optional<RunResult> decodeStoredRun(const QByteArray &bytes, QString *error)
{
    // qCompress puts the inflated size first: refuse an absurd one before inflating.
    if (bytes.size() < 4 || qFromBigEndian<quint32>(bytes.constData()) > quint64(kMaxInflated)) {
        *error = QStringLiteral("the stored run is damaged (not compressed data)");
        return std::nullopt;
    }
    const QByteArray json = qUncompress(bytes);
    QJsonParseError parseError;
    const QJsonObject o = QJsonDocument::fromJson(json, &parseError).object();
    if (json.isEmpty() || parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("the stored run is damaged (%1)")
                     .arg(json.isEmpty() ? QStringLiteral("it does not inflate")
                                         : parseError.errorString());
        return std::nullopt;
    }
    if (o.value(QStringLiteral("format")).toInt() != kFormat) {
        *error = QStringLiteral("the stored run is in format %1, which this version cannot read")
                     .arg(o.value(QStringLiteral("format")).toInt());
        return std::nullopt;
    }
    RunResult r;
    r.workload = o.value(QStringLiteral("workload")).toString();
    r.document = o.value(QStringLiteral("document")).toString().toUtf8();
    const auto mode = modeFromName(o.value(QStringLiteral("mode")).toString());
    auto results = decodeValues(o.value(QStringLiteral("results")));
    auto globals = decodeValues(o.value(QStringLiteral("globals")));
    if (!mode || !results || !globals ||
        !optionsFrom(o.value(QStringLiteral("options")).toObject(), &r.options) ||
        !traceFrom(o.value(QStringLiteral("trace")).toObject(), &r.trace)) {
        *error = QStringLiteral("the stored run is damaged (a field out of range)");
        return std::nullopt;
    }
    r.mode = *mode;
    r.results = std::move(*results);
    r.globals = std::move(*globals);
    r.workers = o.value(QStringLiteral("workers")).toInt();
    r.cancelled = o.value(QStringLiteral("cancelled")).toBool();
    r.error = o.value(QStringLiteral("error")).toString();
    r.deadlock = o.value(QStringLiteral("deadlock")).toBool();
    r.wallNs = o.value(QStringLiteral("wall_ns")).toInteger();
    r.pid = Pid(o.value(QStringLiteral("pid")).toInteger());
    r.stdoutBytes = unbase64(o.value(QStringLiteral("stdout")));
    const QJsonObject machine = o.value(QStringLiteral("machine")).toObject();
    r.cores = machine.value(QStringLiteral("cores")).toInt();
    r.cpuNs = machine.value(QStringLiteral("cpu_ns")).toInteger();
    if (machine.contains(QStringLiteral("load_average")))
        r.loadAverage = machine.value(QStringLiteral("load_average")).toDouble();
    if (machine.contains(QStringLiteral("others_cpu_ns")))
        r.othersCpuNs = machine.value(QStringLiteral("others_cpu_ns")).toInteger();
    // The program, for the globals' names and the lesson: compiled from the stored text.
    if (!r.document.isEmpty()) {
        WorkloadParse parsed = parseWorkload(r.document, r.workload);
        // Only if its globals are the stored ones: their names come from it.
        if (parsed.workload && parsed.workload->program->globals.size() == r.globals.size())
            r.program = parsed.workload->program;
    }
    return r;
}

} // namespace interleave
