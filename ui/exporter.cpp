#include "exporter.h"

#include "atomicfile.h"
#include "style.h"
#include "timelineview.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImage>
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

// PDF and SVG: every span and tick a shape, nothing cached as pixels.
void paintVector(QPaintDevice &device, TimelineView &view, const QString &title, QSize size)
{
    QCPPainter painter(&device);
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    paintPage(painter, view, title, size);
    painter.end();
}

} // namespace

QByteArray renderTimeline(TimelineView &view, const QString &title, const QString &format,
                          QSize size, QString *error)
{
    if (!size.isValid() || size.isEmpty())
        size = QSize(std::max(1200, view.width()), std::max(600, view.height() + 120));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const QString fmt = format.toLower();
    if (fmt == QLatin1String("pdf")) {
        QPdfWriter writer(&buffer);
        writer.setResolution(72); // one point per pixel: the page has the image's size
        writer.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("Interleave"));
        paintVector(writer, view, title, size);
    } else if (fmt == QLatin1String("svg")) {
        // Vector, as the PDF: every span a rectangle a browser or editor can zoom into.
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(title);
        svg.setDescription(QStringLiteral("A timeline recorded by Interleave"));
        paintVector(svg, view, title, size);
    } else if (fmt == QLatin1String("png") || fmt == QLatin1String("jpg") ||
               fmt == QLatin1String("jpeg")) {
        QImage image(size, QImage::Format_RGB32);
        {
            QCPPainter painter(&image);
            paintPage(painter, view, title, size);
        }
        if (!image.save(&buffer, fmt == QLatin1String("png") ? "PNG" : "JPG",
                        fmt == QLatin1String("png") ? -1 : 92)) {
            *error = QStringLiteral("could not encode the image as %1").arg(fmt.toUpper());
            return {};
        }
    } else {
        *error =
            QStringLiteral("unknown image format '%1': use .png, .jpg, .svg or .pdf").arg(format);
        return {};
    }
    return bytes;
}

QString exportTimeline(TimelineView &view, const QString &title, const QString &path, QSize size)
{
    QString error;
    const QByteArray bytes = renderTimeline(view, title, QFileInfo(path).suffix(), size, &error);
    if (!error.isEmpty())
        return QStringLiteral("%1: %2").arg(path, error);
    return writeFileAtomically(path, bytes);
}

} // namespace interleave::ui
