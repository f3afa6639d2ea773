// interleave export: a run's timeline as an image, without a window (offscreen), for scripts
// and docs.
#include "clisupport.h"

#include "chrometrace.h"
#include "exporter.h"
#include "runjson.h"
#include "timelineview.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace interleave::cli {

namespace {

// --size, --scale and --paper into how the image is made, or an error message.
QString exportOptions(const QCommandLineParser &parser, const QString &format,
                      ui::ExportOptions *options)
{
    const bool pdf = format == QLatin1String("pdf");
    const bool raster = !pdf && format != QLatin1String("svg");
    options->size = QSize(1600, 900);
    if (parser.isSet(QStringLiteral("size"))) {
        if (pdf)
            return QStringLiteral("--size does not apply to a PDF, which is a page of A4 or "
                                  "Letter (--paper)");
        if (const QString e =
                ui::parseImageSize(parser.value(QStringLiteral("size")), &options->size);
            !e.isEmpty())
            return QStringLiteral("--size: ") + e;
    }
    if (parser.isSet(QStringLiteral("scale"))) {
        bool ok = false;
        options->scale = parser.value(QStringLiteral("scale")).toDouble(&ok);
        if (!raster)
            return QStringLiteral("--scale applies to PNG and JPEG only: SVG and PDF are vector");
        if (!ok || options->scale < 1 || options->scale > 4)
            return QStringLiteral("--scale must be a number from 1 to 4, not '%1'")
                .arg(parser.value(QStringLiteral("scale")));
    }
    if (parser.isSet(QStringLiteral("paper"))) {
        const QString paper = parser.value(QStringLiteral("paper")).toLower();
        if (!pdf)
            return QStringLiteral("--paper applies to a PDF only");
        if (paper != QLatin1String("a4") && paper != QLatin1String("letter"))
            return QStringLiteral("--paper must be a4 or letter, not '%1'").arg(paper);
        options->paper = paper == QLatin1String("a4") ? QPageSize::A4 : QPageSize::Letter;
    }
    return {};
}

} // namespace

int cmdExport(const QStringList &args)
{
    QCommandLineParser parser;
    addWorkloadOptions(parser);
    parser.addOption({QStringLiteral("mode"),
                      QStringLiteral("sequential, threads, pool, processes."),
                      QStringLiteral("mode")});
    parser.addOption({QStringLiteral("image"),
                      QStringLiteral("The timeline as .png, .jpg, .svg or .pdf."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("trace"),
                      QStringLiteral("Also write a Chrome Trace JSON file."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("size"),
                      QStringLiteral("PNG, JPEG or SVG size, default 1600x900."),
                      QStringLiteral("WxH")});
    parser.addOption({QStringLiteral("scale"),
                      QStringLiteral("PNG or JPEG pixels per point, 1 to 4 (2 for HiDPI)."),
                      QStringLiteral("factor")});
    parser.addOption({QStringLiteral("paper"),
                      QStringLiteral("PDF page, landscape: a4 or letter (default: the locale's)."),
                      QStringLiteral("paper")});
    if (const QString e = parse(parser, args); !e.isEmpty())
        return usageError(QStringLiteral("export: ") + e);
    if (!parser.isSet(QStringLiteral("mode")))
        return usageError(QStringLiteral("export: missing --mode"));
    const QString image = parser.value(QStringLiteral("image"));
    if (image.isEmpty())
        return usageError(QStringLiteral("export: missing --image FILE.png|svg|pdf|jpg"));
    const QString format = QFileInfo(image).suffix().toLower();
    const QStringList formats{QStringLiteral("png"), QStringLiteral("jpg"), QStringLiteral("jpeg"),
                              QStringLiteral("svg"), QStringLiteral("pdf")};
    if (!formats.contains(format))
        return usageError(
            QStringLiteral("export: --image must end in .png, .jpg, .svg or .pdf, not '%1'")
                .arg(image));
    ui::ExportOptions options;
    if (const QString e = exportOptions(parser, format, &options); !e.isEmpty())
        return usageError(QStringLiteral("export: ") + e);
    Selection sel;
    if (const Problem p = select(parser, {parser.value(QStringLiteral("mode"))}, sel); !p.isEmpty())
        return report(QStringLiteral("export"), p);

    installInterruptHandler();
    const auto run = std::make_shared<const RunResult>(
        runLive(sel.workload, sel.options(sel.modes.front()), [](const Trace &, bool) {}));
    const RunResult &result = *run;
    if (!result.error.isEmpty() && result.trace.spans.empty()) {
        err(result.error);
        return exitStatus(result);
    }
    ui::TimelineView view;
    view.resize(options.size);
    view.show(); // offscreen: laid out as on a screen, rows and all
    QCoreApplication::processEvents();
    view.showTrace(traceOf(run), result.pid);
    view.fitAll();
    int status = exitStatus(result);
    if (const QString e = ui::exportTimeline(view, runTitle(result), image, options);
        !e.isEmpty()) {
        err(e);
        status = status == kExitOk ? kExitFailed : status;
    } else {
        out(QStringLiteral("timeline of %1 written to %2").arg(runTitle(result), image));
    }
    if (parser.isSet(QStringLiteral("trace"))) {
        const QString path = parser.value(QStringLiteral("trace"));
        if (const QString e = writeChromeTrace(result, path); !e.isEmpty()) {
            err(e);
            status = status == kExitOk ? kExitFailed : status;
        } else {
            out(QStringLiteral("trace written to %1").arg(path));
        }
    }
    if (!result.error.isEmpty())
        err(result.error);
    return status;
}

} // namespace interleave::cli
