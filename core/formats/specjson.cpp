#include "specjson.h"

#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace interleave {

namespace {

void writeRaw(JsonWriter &json, const char *key, const QJsonDocument &doc)
{
    const QByteArray bytes = doc.toJson(QJsonDocument::Compact);
    json.key(key).raw(std::string_view(bytes.constData(), std::size_t(bytes.size())));
}

QString text(json::Reader &reader)
{
    std::string scratch;
    const std::string_view s = reader.string(&scratch);
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// A JSON value of strings, numbers, booleans, arrays and objects, as Qt holds one.
QJsonValue readValue(json::Reader &reader)
{
    const char c = reader.peek();
    if (c == '"')
        return text(reader);
    if (c == 't' || c == 'f')
        return reader.boolean();
    if (c == '[') {
        QJsonArray list;
        reader.beginArray();
        while (reader.nextItem())
            list.append(readValue(reader));
        return list;
    }
    if (c == '{') {
        QJsonObject object;
        std::string scratch;
        std::string_view key;
        reader.beginObject();
        while (reader.nextMember(&key, &scratch)) {
            const QString name = QString::fromUtf8(key.data(), qsizetype(key.size()));
            object.insert(name, readValue(reader));
        }
        return object;
    }
    if (c == 'n') {
        reader.null();
        return QJsonValue::Null;
    }
    return reader.number();
}

} // namespace

void writeSpecMembers(JsonWriter &json, const RunSpec &spec)
{
    writeRaw(json, "options", QJsonDocument(optionsToJson(spec.options)));
    writeRaw(json, "declared", QJsonDocument(declaredToJson(spec.declared)));
}

bool readSpecMember(std::string_view key, json::Reader &reader, RunSpec *spec)
{
    const char c = reader.peek();
    if (key == "options" && c == '{') {
        if (RunOptions read; optionsFromJson(readValue(reader).toObject(), &read))
            spec->options = read;
        return true;
    }
    if (key == "declared" && c == '[') {
        spec->declared = declaredFromJson(readValue(reader).toArray());
        return true;
    }
    return false;
}

} // namespace interleave
