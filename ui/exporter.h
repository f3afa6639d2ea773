#pragma once

#include <QByteArray>
#include <QSize>
#include <QString>

namespace interleave::ui {

class TimelineView;

// The timeline as a picture people can paste into notes: a title line, the plot, and the
// legend that says what each colour means. `format` is png, jpg, svg or pdf.
QByteArray renderTimeline(TimelineView &view, const QString &title, const QString &format,
                          QSize size, QString *error);

// Renders by the file's suffix and writes atomically. Returns an error message or empty.
QString exportTimeline(TimelineView &view, const QString &title, const QString &path,
                       QSize size = {});

} // namespace interleave::ui
