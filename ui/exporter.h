#pragma once

#include <QByteArray>
#include <QPageSize>
#include <QSize>
#include <QString>

namespace interleave::ui {

class TimelineView;

// How a timeline image is made.
struct ExportOptions
{
    QSize size;       // PNG, JPG and SVG, in logical pixels; empty: from the view's size
    double scale = 1; // PNG and JPG: device pixels per logical pixel (2 for HiDPI or print)
    // PDF: a landscape page of this paper; by default A4, or Letter where the locale measures
    // in inches.
    QPageSize::PageSizeId paper = defaultPaper();

    static QPageSize::PageSizeId defaultPaper();
};

// The timeline as a picture people can paste into notes or print: a title line, the plot, and
// the legend that says what each colour means. `format` is png, jpg, svg or pdf. Vector
// formats keep spans apart down to a sixteenth of a point, so zooming in shows the detail;
// marks that are only for clicking (▾) are left out. An empty timeline is refused.
QByteArray renderTimeline(TimelineView &view, const QString &title, const QString &format,
                          const ExportOptions &options, QString *error);

// Renders by the file's suffix and writes atomically. Returns an error message or empty.
QString exportTimeline(TimelineView &view, const QString &title, const QString &path,
                       const ExportOptions &options = {});

// "1600x900" (or "1600×900"): a size from 320x200 to 8000x8000, or an error message.
QString parseImageSize(const QString &text, QSize *size);

} // namespace interleave::ui
