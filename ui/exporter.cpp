#include "exporter.h"

#include "atomicfile.h"
#include "style.h"
#include "timelineview.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QLocale>
#include <QPdfWriter>
#include <QSvgGenerator>

namespace interleave::ui {

namespace {

void paintPage(QCPPainter &painter, TimelineView &view, const QString &title, QSize size)
{
    const QPalette pal = view.palette();
    QFont titleFont = view.font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    const double titleHeight = QFontMetricsF(titleFont).height() * 1.8;
    const double legendHeight = legendSize(size.width() - 24, view.font()).height() + 16;
    const int plotHeight = std::max(100, int(size.height() - titleHeight - legendHeight));

    painter.fillRect(QRect(QPoint(0, 0), size), pal.color(QPalette::Base));
    painter.setFont(titleFont);
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(QRectF(12, 0, size.width() - 24, titleHeight),
                     Qt::AlignVCenter | Qt::AlignLeft, title);

    painter.save();
    painter.translate(0, titleHeight);
    view.setScreenMarks(false); // ▾ and the like are for clicking, not for paper
    view.toPainter(&painter, size.width(), plotHeight);
    view.setScreenMarks(true);
    view.replot(); // the image's layout fitted rows to its height: the screen's again
    painter.restore();

    painter.setFont(view.font());
    QPalette legendPalette = pal;
    legendPalette.setColor(QPalette::WindowText, pal.color(QPalette::Text));
    paintLegend(painter,
                QRectF(12, titleHeight + plotHeight + 8, size.width() - 24, legendHeight - 8),
                legendPalette);
}

// Spans are folded per column of this fraction of a pixel (or point) when drawn as vectors:
// the picture can be zoomed far into before two spans share a mark.
constexpr double kVectorFoldScale = 16;

// PDF and SVG: every span and tick a shape, nothing cached as pixels.
void paintVector(QPaintDevice &device, TimelineView &view, const QString &title, QSize size)
{
    QCPPainter painter(&device);
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    view.setFoldScale(kVectorFoldScale);
    paintPage(painter, view, title, size);
    view.setFoldScale(1);
    painter.end();
}

void writePdf(QIODevice &out, TimelineView &view, const QString &title, QPageSize::PageSizeId paper)
{
    QPdfWriter writer(&out);
    writer.setResolution(72); // one unit a point: fonts and rows at their print sizes
    writer.setPageLayout(QPageLayout(QPageSize(paper), QPageLayout::Landscape,
                                     QMarginsF(10, 10, 10, 10), QPageLayout::Millimeter));
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("Interleave"));
    paintVector(writer, view, title, QSize(writer.width(), writer.height()));
}

void writeSvg(QIODevice &out, TimelineView &view, const QString &title, QSize size)
{
    // Vector, as the PDF: every span a rectangle a browser or editor can zoom into.
    QSvgGenerator svg;
    svg.setOutputDevice(&out);
    svg.setSize(size);
    svg.setResolution(96); // CSS pixels: a browser shows it at `size`
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(title);
    svg.setDescription(QStringLiteral("A timeline recorded by Interleave"));
    paintVector(svg, view, title, size);
}

QString writeRaster(QIODevice &out, TimelineView &view, const QString &title, const QString &fmt,
                    QSize size, double scale)
{
    // Drawn at `scale` device pixels per pixel: text and spans as sharp as a HiDPI screen.
    QImage image(size * scale, QImage::Format_RGB32);
    image.setDevicePixelRatio(scale);
    {
        QCPPainter painter(&image);
        view.setFoldScale(scale);
        paintPage(painter, view, title, size);
        view.setFoldScale(1);
    }
    const bool png = fmt == QLatin1String("png");
    if (!image.save(&out, png ? "PNG" : "JPG", png ? -1 : 92))
        return QStringLiteral("could not encode the image as %1").arg(fmt.toUpper());
    return {};
}

} // namespace

QPageSize::PageSizeId ExportOptions::defaultPaper()
{
    return QLocale::system().measurementSystem() == QLocale::ImperialUSSystem ? QPageSize::Letter
                                                                              : QPageSize::A4;
}

QString parseImageSize(const QString &text, QSize *size)
{
    QString t = text.toLower().trimmed();
    t.replace(QChar(0xd7), QLatin1Char('x'));
    const QStringList parts = t.split(QLatin1Char('x'));
    bool okW = false, okH = false;
    const int w = parts.size() == 2 ? parts[0].trimmed().toInt(&okW) : 0;
    const int h = parts.size() == 2 ? parts[1].trimmed().toInt(&okH) : 0;
    if (!okW || !okH || w < 320 || h < 200 || w > 8000 || h > 8000)
        return QStringLiteral("the size must be WIDTHxHEIGHT from 320x200 to 8000x8000, not '%1'")
            .arg(text);
    *size = QSize(w, h);
    return {};
}

QByteArray renderTimeline(TimelineView &view, const QString &title, const QString &format,
                          const ExportOptions &options, QString *error)
{
    if (view.data().rows().empty()) {
        *error = QStringLiteral("the timeline is empty: run the workload first");
        return {};
    }
    QSize size = options.size;
    if (!size.isValid() || size.isEmpty())
        size = QSize(std::max(1200, view.width()), std::max(600, view.height() + 120));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const QString fmt = format.toLower();
    if (fmt == QLatin1String("pdf")) {
        writePdf(buffer, view, title, options.paper);
    } else if (fmt == QLatin1String("svg")) {
        writeSvg(buffer, view, title, size);
    } else if (fmt == QLatin1String("png") || fmt == QLatin1String("jpg") ||
               fmt == QLatin1String("jpeg")) {
        *error = writeRaster(buffer, view, title,
                             fmt == QLatin1String("png") ? fmt : QStringLiteral("jpg"), size,
                             std::clamp(options.scale, 1.0, 4.0));
        if (!error->isEmpty())
            return {};
    } else {
        *error =
            QStringLiteral("unknown image format '%1': use .png, .jpg, .svg or .pdf").arg(format);
        return {};
    }
    return bytes;
}

QString exportTimeline(TimelineView &view, const QString &title, const QString &path,
                       const ExportOptions &options)
{
    QString error;
    const QByteArray bytes = renderTimeline(view, title, QFileInfo(path).suffix(), options, &error);
    if (!error.isEmpty())
        return QStringLiteral("%1: %2").arg(path, error);
    return writeFileAtomically(path, bytes);
}

} // namespace interleave::ui
