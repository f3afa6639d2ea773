#include "workload.h"

#include "compiler.h"

#include <QFile>
#include <QFileInfo>

namespace interleave {

namespace {

QString text(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

WorkloadParse parseWorkload(const QByteArray &json, const QString &origin)
{
    lang::Compiled compiled = lang::compile(
        std::string_view(json.constData(), std::size_t(json.size())), origin.toStdString());
    if (!compiled.program)
        return {std::nullopt, text(compiled.error)};
    const lang::Program &p = *compiled.program;
    Workload w;
    w.name = text(p.name);
    w.title = text(p.title);
    w.lesson = text(p.lesson);
    w.source = text(p.seed);
    w.origin = origin;
    for (const auto &[mode, ms] : p.idealMs)
        w.idealMs.insert(text(mode), ms);
    for (const lang::Option &o : p.options)
        w.options.push_back({text(o.name), o.defaultValue, text(o.help)});
    w.program = std::move(compiled.program);
    w.document = json;
    return {std::move(w), {}};
}

WorkloadParse loadWorkloadFile(const QString &path)
{
    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return {std::nullopt, QStringLiteral("%1: not a regular file").arg(path)};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {std::nullopt, QStringLiteral("%1: cannot read: %2").arg(path, file.errorString())};
    // Read one byte past the limit: enough to know it is too large without slurping it.
    const QByteArray bytes = file.read(qint64(lang::kMaxDocumentBytes) + 1);
    if (bytes.size() > qsizetype(lang::kMaxDocumentBytes))
        return {std::nullopt,
                QStringLiteral("%1: file too large for a workload (at most 512 KiB)").arg(path)};
    return parseWorkload(bytes, path);
}

} // namespace interleave
