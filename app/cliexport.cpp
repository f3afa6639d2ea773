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

// "1600x900": a size between 320x200 and 8000x8000.
QString parseSize(const QString &text, QSize *size)
{
    const QStringList parts = text.toLower().split(QLatin1Char('x'));
    bool okW = false, okH = false;
    const int w = parts.size() == 2 ? parts[0].toInt(&okW) : 0;
    const int h = parts.size() == 2 ? parts[1].toInt(&okH) : 0;
    if (!okW || !okH || w < 320 || h < 200 || w > 8000 || h > 8000)
        return QStringLiteral("--size must be WIDTHxHEIGHT from 320x200 to 8000x8000, not '%1'")
            .arg(text);
    *size = QSize(w, h);
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
    parser.addOption({QStringLiteral("size"), QStringLiteral("Image size, default 1600x900."),
                      QStringLiteral("WxH")});
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
    QSize size(1600, 900);
    if (parser.isSet(QStringLiteral("size"))) {
        if (const QString e = parseSize(parser.value(QStringLiteral("size")), &size); !e.isEmpty())
            return usageError(QStringLiteral("export: ") + e);
    }
    Selection sel;
    if (const Problem p = select(parser, {parser.value(QStringLiteral("mode"))}, sel); !p.isEmpty())
        return report(QStringLiteral("export"), p);

    installInterruptHandler();
    const RunResult result = runLive(sel.workload, sel.options(sel.modes.front()),
                                     [](const Trace &, std::size_t, bool) {});
    if (!result.error.isEmpty() && result.trace.spans.empty()) {
        err(result.error);
        return exitStatus(result);
    }
    ui::TimelineView view;
    view.resize(size);
    view.show(); // offscreen: laid out as on a screen, rows and all
    QCoreApplication::processEvents();
    view.setCallLabels(ui::callLabels(result.trace));
    view.append(result.trace, 0, 0, result.pid);
    view.fitAll();
    int status = exitStatus(result);
    if (const QString e = ui::exportTimeline(view, runTitle(result), image, size); !e.isEmpty()) {
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
