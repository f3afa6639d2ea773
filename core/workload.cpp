#include "workload.h"

#include "atomicfile.h"
#include "protocol.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace interleave {

Step Step::print(QString line)
{
    Step s;
    s.kind = Kind::Print;
    s.text = std::move(line);
    return s;
}

Step Step::wait(std::int64_t ns)
{
    Step s;
    s.kind = Kind::Wait;
    s.waitNs = ns;
    return s;
}

Step Step::compute(std::uint32_t from, std::uint32_t to)
{
    Step s;
    s.kind = Kind::Compute;
    s.primesFrom = from;
    s.primesTo = to;
    return s;
}

Step Step::add(QString global, std::int64_t times, QString lock)
{
    Step s;
    s.kind = Kind::Add;
    s.name = std::move(global);
    s.times = times;
    s.lock = std::move(lock);
    return s;
}

Step Step::set(QString name, std::int64_t value, bool local)
{
    Step s;
    s.kind = Kind::Set;
    s.name = std::move(name);
    s.value = value;
    s.local = local;
    return s;
}

Step Step::lockStep(Kind kind, QString mutex)
{
    Step s;
    s.kind = kind;
    s.name = std::move(mutex);
    return s;
}

std::vector<const Task *> Workload::calls() const
{
    std::vector<const Task *> result;
    for (const Task &t : tasks) {
        for (int i = 0; i < t.repeat; ++i)
            result.push_back(&t);
    }
    return result;
}

namespace {

// Thrown inside the parser only; never escapes parseWorkload.
struct ParseFailure
{
    QString message;
};

QString lineAndColumn(const QByteArray &json, int offset)
{
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < json.size(); ++i) {
        if (json[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

// Reads one JSON object, remembering where it is so that errors can say so, and refusing
// fields it does not know (a misspelt field is a mistake the user wants to hear about).
class ObjectReader
{
public:
    ObjectReader(const QJsonObject &object, QString path)
        : m_object(object), m_path(std::move(path))
    {}

    [[noreturn]] void fail(const QString &field, const QString &what) const
    {
        throw ParseFailure{QStringLiteral("%1: %2").arg(where(field), what)};
    }

    QString where(const QString &field) const
    {
        if (m_path.isEmpty())
            return field;
        return field.isEmpty() ? m_path : m_path + QLatin1Char('.') + field;
    }

    void allowOnly(std::initializer_list<const char *> known) const
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            bool ok = false;
            for (const char *k : known)
                ok = ok || it.key() == QLatin1String(k);
            if (!ok) {
                QStringList names;
                for (const char *k : known)
                    names << QLatin1String(k);
                throw ParseFailure{QStringLiteral("%1: unknown field (expected one of: %2)")
                                       .arg(where(it.key()), names.join(QStringLiteral(", ")))};
            }
        }
    }

    bool has(const char *field) const { return m_object.contains(QLatin1String(field)); }
    QJsonValue value(const char *field) const { return m_object.value(QLatin1String(field)); }

    QString string(const char *field, bool required, bool allowEmpty = true) const
    {
        const QJsonValue v = value(field);
        if (v.isUndefined()) {
            if (required)
                fail(QLatin1String(field), QStringLiteral("missing (a text is required)"));
            return {};
        }
        if (!v.isString())
            fail(QLatin1String(field), QStringLiteral("must be a text in double quotes"));
        if (!allowEmpty && v.toString().trimmed().isEmpty())
            fail(QLatin1String(field), QStringLiteral("must not be empty"));
        return v.toString();
    }

    double number(const char *field, double min, double max, double fallback,
                  const QString &unit) const
    {
        const QJsonValue v = value(field);
        if (v.isUndefined())
            return fallback;
        if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < min ||
            v.toDouble() > max) {
            fail(QLatin1String(field),
                 QStringLiteral("must be a number %1from %2 to %3")
                     .arg(unit.isEmpty() ? QString() : unit + QLatin1Char(' '))
                     .arg(min, 0, 'g', 12)
                     .arg(max, 0, 'g', 12));
        }
        return v.toDouble();
    }

    std::int64_t integer(const char *field, std::int64_t min, std::int64_t max,
                         std::int64_t fallback) const
    {
        const double d = number(field, double(min), double(max), double(fallback), {});
        if (d != std::floor(d))
            fail(QLatin1String(field), QStringLiteral("must be a whole number"));
        return static_cast<std::int64_t>(d);
    }

    QJsonArray array(const char *field, bool required) const
    {
        const QJsonValue v = value(field);
        if (v.isUndefined() && !required)
            return {};
        if (!v.isArray())
            fail(QLatin1String(field), v.isUndefined()
                                           ? QStringLiteral("missing (a list is required)")
                                           : QStringLiteral("must be a list [...]"));
        return v.toArray();
    }

private:
    QJsonObject m_object;
    QString m_path;
};

QJsonObject asObject(const QJsonValue &v, const QString &path, const QString &what)
{
    if (!v.isObject())
        throw ParseFailure{QStringLiteral("%1: must be %2").arg(path, what)};
    return v.toObject();
}

QString identifier(const ObjectReader &r, const char *field)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    const QString name = r.string(field, true, false);
    if (!valid.match(name).hasMatch())
        r.fail(QLatin1String(field),
               QStringLiteral("must be a name like counter_lock (letters, digits, _)"));
    return name;
}

Step parseStep(const QJsonValue &value, const QString &path)
{
    const ObjectReader r(asObject(value, path,
                                  QStringLiteral("an object such as {\"wait_ms\": 200}, "
                                                 "{\"print\": \"text\"} or {\"compute\": {...}}")),
                         path);
    const QJsonObject o = value.toObject();
    if (o.size() != 1) {
        r.fail({}, QStringLiteral("a step has exactly one of \"print\", \"wait_ms\", \"compute\", "
                                  "\"add\", \"set\", \"lock\", \"unlock\""));
    }
    r.allowOnly({"print", "wait_ms", "compute", "add", "set", "lock", "unlock"});
    if (r.has("print"))
        return Step::print(r.string("print", true));
    if (r.has("wait_ms")) {
        const double ms =
            r.number("wait_ms", 0, double(kMaxWaitNs) / 1e6, 0, QStringLiteral("of milliseconds"));
        return Step::wait(std::llround(ms * 1e6));
    }
    if (r.has("lock"))
        return Step::lockStep(Step::Kind::Lock, identifier(r, "lock"));
    if (r.has("unlock"))
        return Step::lockStep(Step::Kind::Unlock, identifier(r, "unlock"));
    if (r.has("add")) {
        const QString apath = r.where(QStringLiteral("add"));
        const ObjectReader a(
            asObject(
                r.value("add"), apath,
                QStringLiteral("an object such as {\"global\": \"counter\", \"times\": 1000}")),
            apath);
        a.allowOnly({"global", "times", "lock"});
        const QString global = identifier(a, "global");
        if (!a.has("times"))
            a.fail(QStringLiteral("times"), QStringLiteral("missing (a whole number is required)"));
        const auto times = a.integer("times", 1, kMaxAdds, 1);
        return Step::add(global, times, a.has("lock") ? identifier(a, "lock") : QString());
    }
    if (r.has("set")) {
        const QString spath = r.where(QStringLiteral("set"));
        const ObjectReader v(
            asObject(r.value("set"), spath,
                     QStringLiteral("an object such as {\"global\": \"result\", \"value\": 4}")),
            spath);
        v.allowOnly({"global", "local", "value"});
        if (v.has("global") == v.has("local"))
            v.fail({}, QStringLiteral("needs exactly one of \"global\" and \"local\""));
        const bool local = v.has("local");
        const QString name = identifier(v, local ? "local" : "global");
        if (!v.has("value"))
            v.fail(QStringLiteral("value"), QStringLiteral("missing (a whole number is required)"));
        return Step::set(
            name, v.integer("value", -(std::int64_t(1) << 53), std::int64_t(1) << 53, 0), local);
    }
    const QString cpath = r.where(QStringLiteral("compute"));
    const ObjectReader c(
        asObject(r.value("compute"), cpath,
                 QStringLiteral("an object such as {\"primes_from\": 0, \"primes_to\": 100000}")),
        cpath);
    c.allowOnly({"primes_from", "primes_to"});
    if (!c.has("primes_to"))
        c.fail(QStringLiteral("primes_to"), QStringLiteral("missing (a whole number is required)"));
    const auto from = c.integer("primes_from", 0, kMaxPrime, 0);
    const auto to = c.integer("primes_to", 0, kMaxPrime, 0);
    if (to < from)
        c.fail(QStringLiteral("primes_to"), QStringLiteral("must not be below primes_from"));
    return Step::compute(static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to));
}

Task parseTask(const QJsonValue &value, const QString &path)
{
    const ObjectReader r(
        asObject(value, path, QStringLiteral("an object {\"function\": ..., \"steps\": [...]}")),
        path);
    r.allowOnly({"function", "args", "thread_name", "start_delay_ms", "result", "repeat", "steps"});
    Task t;
    t.function = r.string("function", true, false);
    t.args = r.string("args", false);
    t.threadName = r.string("thread_name", false);
    t.startDelayNs = std::llround(r.number("start_delay_ms", 0, double(kMaxWaitNs) / 1e6, 0,
                                           QStringLiteral("of milliseconds")) *
                                  1e6);
    t.result = r.string("result", false);
    t.repeat = static_cast<int>(r.integer("repeat", 1, kMaxCalls, 1));
    const QJsonArray steps = r.array("steps", true);
    // Locks must be released in reverse order and all by the end of the call: a call that
    // kept one would block every other for ever.
    QStringList held;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QString where = r.where(QStringLiteral("steps[%1]").arg(i));
        t.steps.push_back(parseStep(steps[i], where));
        const Step &step = t.steps.back();
        if (step.kind == Step::Kind::Lock) {
            if (held.contains(step.name))
                throw ParseFailure{
                    QStringLiteral("%1.lock: '%2' is already held here").arg(where, step.name)};
            held << step.name;
        } else if (step.kind == Step::Kind::Unlock) {
            if (held.isEmpty() || held.last() != step.name)
                throw ParseFailure{QStringLiteral("%1.unlock: '%2' is not the lock taken last")
                                       .arg(where, step.name)};
            held.removeLast();
        } else if (step.kind == Step::Kind::Add && held.contains(step.lock)) {
            throw ParseFailure{
                QStringLiteral("%1.add.lock: '%2' is already held here").arg(where, step.lock)};
        }
    }
    if (!held.isEmpty())
        r.fail(QStringLiteral("steps"),
               QStringLiteral("lock '%1' is never unlocked").arg(held.last()));
    return t;
}

Workload parseObject(const QJsonObject &root)
{
    const ObjectReader r(root, {});
    r.allowOnly({"name", "title", "lesson", "source", "tasks", "epilogue", "ideal_ms"});
    Workload w;
    w.name = r.string("name", true, false).trimmed();
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
    if (!validName.match(w.name).hasMatch())
        r.fail(QStringLiteral("name"),
               QStringLiteral("must be letters, digits, '.', '_' or '-', like \"my-workload\""));
    w.title = r.string("title", false);
    w.lesson = r.string("lesson", false);
    w.source = r.string("source", false);

    const QJsonArray tasks = r.array("tasks", true);
    if (tasks.isEmpty())
        r.fail(QStringLiteral("tasks"), QStringLiteral("must hold at least one task"));
    qint64 calls = 0;
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        w.tasks.push_back(parseTask(tasks[i], QStringLiteral("tasks[%1]").arg(i)));
        calls += w.tasks.back().repeat;
    }
    if (calls > kMaxCalls)
        r.fail(QStringLiteral("tasks"),
               QStringLiteral("%1 calls in all; at most %2 are allowed").arg(calls).arg(kMaxCalls));

    const QJsonArray epilogue = r.array("epilogue", false);
    for (qsizetype i = 0; i < epilogue.size(); ++i) {
        if (!epilogue[i].isString())
            r.fail(QStringLiteral("epilogue[%1]").arg(i), QStringLiteral("must be a text"));
        w.epilogue << epilogue[i].toString();
    }

    if (r.has("ideal_ms")) {
        const ObjectReader ideal(
            asObject(r.value("ideal_ms"), QStringLiteral("ideal_ms"),
                     QStringLiteral("an object such as {\"sequential\": 1600}")),
            QStringLiteral("ideal_ms"));
        ideal.allowOnly({"sequential", "threads", "pool", "processes"});
        for (const char *mode : {"sequential", "threads", "pool", "processes"}) {
            if (ideal.has(mode))
                w.idealMs.insert(QLatin1String(mode), ideal.number(mode, 0, 1e9, 0, {}));
        }
    }
    return w;
}

} // namespace

WorkloadParse parseWorkload(const QByteArray &json, const QString &origin)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        return {std::nullopt,
                QStringLiteral("%1: %2: %3")
                    .arg(origin, lineAndColumn(json, error.offset), error.errorString())};
    }
    if (!doc.isObject()) {
        return {std::nullopt,
                QStringLiteral(
                    "%1: the top level must be an object { \"name\": ..., \"tasks\": [...] }")
                    .arg(origin)};
    }
    try {
        return {parseObject(doc.object()), {}};
    } catch (const ParseFailure &f) {
        return {std::nullopt, origin + QStringLiteral(": ") + f.message};
    }
}

WorkloadParse loadWorkloadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {std::nullopt, QStringLiteral("%1: cannot read: %2").arg(path, file.errorString())};
    // A workload is a few kilobytes; anything this large is not one and must not be slurped.
    constexpr qint64 kMaxBytes = 64 * 1024 * 1024;
    if (file.size() > kMaxBytes)
        return {std::nullopt, QStringLiteral("%1: file too large for a workload (%2 bytes)")
                                  .arg(path)
                                  .arg(file.size())};
    return parseWorkload(file.readAll(), path);
}

namespace {

QJsonValue msValue(std::int64_t ns)
{
    const double ms = double(ns) / 1e6;
    return ms == std::floor(ms) ? QJsonValue(qint64(ms)) : QJsonValue(ms);
}

QJsonObject stepToJson(const Step &s)
{
    switch (s.kind) {
    case Step::Kind::Print:
        return {{QStringLiteral("print"), s.text}};
    case Step::Kind::Wait:
        return {{QStringLiteral("wait_ms"), msValue(s.waitNs)}};
    case Step::Kind::Compute:
        return {{QStringLiteral("compute"),
                 QJsonObject{{QStringLiteral("primes_from"), qint64(s.primesFrom)},
                             {QStringLiteral("primes_to"), qint64(s.primesTo)}}}};
    case Step::Kind::Add: {
        QJsonObject a{{QStringLiteral("global"), s.name},
                      {QStringLiteral("times"), qint64(s.times)}};
        if (!s.lock.isEmpty())
            a.insert(QStringLiteral("lock"), s.lock);
        return {{QStringLiteral("add"), a}};
    }
    case Step::Kind::Set:
        return {{QStringLiteral("set"),
                 QJsonObject{{s.local ? QStringLiteral("local") : QStringLiteral("global"), s.name},
                             {QStringLiteral("value"), qint64(s.value)}}}};
    case Step::Kind::Lock:
        return {{QStringLiteral("lock"), s.name}};
    case Step::Kind::Unlock:
        return {{QStringLiteral("unlock"), s.name}};
    }
    return {};
}

} // namespace

QByteArray workloadToJson(const Workload &w)
{
    QJsonObject root;
    root.insert(QStringLiteral("name"), w.name);
    if (!w.title.isEmpty())
        root.insert(QStringLiteral("title"), w.title);
    if (!w.lesson.isEmpty())
        root.insert(QStringLiteral("lesson"), w.lesson);
    if (!w.source.isEmpty())
        root.insert(QStringLiteral("source"), w.source);
    QJsonArray tasks;
    for (const Task &t : w.tasks) {
        QJsonObject o;
        o.insert(QStringLiteral("function"), t.function);
        if (!t.args.isEmpty())
            o.insert(QStringLiteral("args"), t.args);
        if (!t.threadName.isEmpty())
            o.insert(QStringLiteral("thread_name"), t.threadName);
        if (t.startDelayNs != 0)
            o.insert(QStringLiteral("start_delay_ms"), msValue(t.startDelayNs));
        if (!t.result.isEmpty())
            o.insert(QStringLiteral("result"), t.result);
        if (t.repeat != 1)
            o.insert(QStringLiteral("repeat"), t.repeat);
        QJsonArray steps;
        for (const Step &s : t.steps)
            steps.append(stepToJson(s));
        o.insert(QStringLiteral("steps"), steps);
        tasks.append(o);
    }
    root.insert(QStringLiteral("tasks"), tasks);
    if (!w.epilogue.isEmpty())
        root.insert(QStringLiteral("epilogue"), QJsonArray::fromStringList(w.epilogue));
    if (!w.idealMs.isEmpty()) {
        QJsonObject ideal;
        for (auto it = w.idealMs.begin(); it != w.idealMs.end(); ++it)
            ideal.insert(it.key(), it.value());
        root.insert(QStringLiteral("ideal_ms"), ideal);
    }
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString saveWorkloadFile(const Workload &workload, const QString &path)
{
    return writeFileAtomically(path, workloadToJson(workload));
}

QString expandPlaceholders(const QString &text, const QMap<QString, QString> &values)
{
    if (!text.contains(QLatin1Char('{')))
        return text;
    const std::string filled = wire::fillPlaceholders(
        text.toStdString(), [&](std::string_view name) -> std::optional<std::string> {
            const auto it =
                values.constFind(QString::fromUtf8(name.data(), qsizetype(name.size())));
            return it == values.constEnd() ? std::nullopt
                                           : std::optional<std::string>(it->toStdString());
        });
    return QString::fromStdString(filled);
}

} // namespace interleave
