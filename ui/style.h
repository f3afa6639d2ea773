#pragma once

// Colours and words shared by the timeline, its legend, the console and exported images.

#include "trace.h"

#include <QColor>
#include <QPalette>
#include <QPointF>
#include <QRect>
#include <QRectF>
#include <QSizeF>
#include <QString>

class QWidget;

class QCustomPlot;
class QPainter;

namespace interleave::ui {

// A colour per span kind, chosen to read on light and dark backgrounds alike.
QColor kindColor(SpanKind kind);
// What the colour means, in words for the legend.

// The mark where a thread's lock wait closed a deadlock: a cross in the lock-wait colour.
void paintCross(QPainter &painter, QPointF centre, double radius);

// A colour that tells threads apart in the console, beside their timeline row and on the GIL
// lane. It follows the thread's name ("Thread-2 (f)", "ThreadPoolExecutor-0_1", "Process-3"),
// so a thread keeps its colour from run to run, and none is near a span kind's colour.
QColor threadColor(const QString &threadName);
// The palette itself, for tests.
const std::vector<QColor> &threadColors();

// Colours a plot's background, axes, labels and grid from the palette, so that plots read in
// light and dark themes alike.
void applyPalette(QCustomPlot &plot, const QPalette &palette);

// The legend: a swatch and words per kind, plus the print tick. Laid out left to right,
// wrapping within `width`.
QSizeF legendSize(double width, const QFont &font);
void paintLegend(QPainter &painter, const QRectF &area, const QPalette &palette);

// What an empty view says it will show, in faint text at the top left of `area` (all of it
// when empty).
void paintPlaceholder(QWidget *viewport, const QString &text, QRect area = {});

} // namespace interleave::ui
