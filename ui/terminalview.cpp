#include "terminalview.h"

#include "style.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolTip>

namespace interleave::ui {

TerminalView::TerminalView(QWidget *parent) : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setMouseTracking(true);
    // Ctrl+A and Ctrl+C work as in any text view: the output can be copied whole.
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setCursorWidth(0); // a caret would look like output
}

bool TerminalView::selectWrite(qint64 ns, TrackId track)
{
    for (const TerminalText::Fragment &f : m_text.fragments()) {
        if (f.ns != ns || f.track != track)
            continue;
        QTextCursor cursor(document());
        cursor.setPosition(int(f.start));
        cursor.setPosition(int(f.start + f.length), QTextCursor::KeepAnchor);
        setTextCursor(cursor);
        ensureCursorVisible();
        return true;
    }
    return false;
}

void TerminalView::clear()
{
    m_text.clear();
    m_torn.clear();
    QPlainTextEdit::clear();
    setExtraSelections({});
}

void TerminalView::append(const Trace &trace)
{
    render(m_text.append(trace));
}

void TerminalView::showFinished(const Trace &trace, const QByteArray &stream)
{
    clear();
    render(m_text.appendWrites(trace, trace.writesAsStreamed(stream)));
}

void TerminalView::render(std::size_t first)
{
    if (first == m_text.fragments().size())
        return;
    QScrollBar *bar = verticalScrollBar();
    const bool following = bar->value() >= bar->maximum() - 2;
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    for (std::size_t i = first; i < m_text.fragments().size(); ++i) {
        const TerminalText::Fragment &f = m_text.fragments()[i];
        QTextCharFormat format;
        format.setForeground(threadColor(f.writer));
        cursor.insertText(m_text.text().mid(f.start, f.length), format);
    }
    markTornLines(m_text.fragments()[first].start);
    if (following)
        bar->setValue(bar->maximum());
}

// Only the lines from the one that new writes joined are looked at again.
void TerminalView::markTornLines(qsizetype from)
{
    const qsizetype begin = m_text.lineStart(from);
    while (!m_torn.empty() && m_torn.back().first >= begin)
        m_torn.pop_back();
    const auto added = m_text.tornLines(begin);
    m_torn.insert(m_torn.end(), added.begin(), added.end());
    QList<QTextEdit::ExtraSelection> marks;
    QColor shade = QColor(0xff, 0xb0, 0x20);
    shade.setAlpha(60);
    for (const auto &[start, length] : m_torn) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(document());
        mark.cursor.setPosition(int(start));
        mark.cursor.setPosition(int(start + std::max<qsizetype>(length - 1, 1)),
                                QTextCursor::KeepAnchor);
        mark.format.setBackground(shade);
        marks << mark;
    }
    setExtraSelections(marks);
}

// The character under a point (cursorForPosition gives the nearest gap between two).
int TerminalView::characterAt(const QPoint &viewportPoint) const
{
    const QTextCursor cursor = cursorForPosition(viewportPoint);
    const int position = cursor.position();
    return position > 0 && cursorRect(cursor).left() > viewportPoint.x() ? position - 1 : position;
}

bool TerminalView::event(QEvent *e)
{
    if (e->type() != QEvent::ToolTip)
        return QPlainTextEdit::event(e);
    auto *help = static_cast<QHelpEvent *>(e);
    const int position = characterAt(viewport()->mapFromGlobal(help->globalPos()));
    const TerminalText::Fragment *f = m_text.fragmentAt(position);
    if (f == nullptr) {
        QToolTip::hideText();
        return true;
    }
    QString text =
        QStringLiteral("<b>%1</b> wrote <tt style='white-space:pre'>%2</tt> at %3 s")
            .arg(f->writer.toHtmlEscaped(), m_text.text()
                                                .mid(f->start, f->length)
                                                .replace(QLatin1Char('\n'), QStringLiteral("\\n"))
                                                .toHtmlEscaped())
            .arg(double(f->ns) / 1e9, 0, 'f', 6);
    if (const QString tear = m_text.explainTear(position, m_buffering); !tear.isEmpty())
        text += QStringLiteral("<p>") + tear.toHtmlEscaped() + QStringLiteral("</p>");
    QToolTip::showText(help->globalPos(), text, this);
    return true;
}

void TerminalView::mouseReleaseEvent(QMouseEvent *event)
{
    QPlainTextEdit::mouseReleaseEvent(event);
    if (textCursor().hasSelection())
        return; // selecting text to copy, not pointing at a moment
    if (const TerminalText::Fragment *f = m_text.fragmentAt(characterAt(event->pos())))
        Q_EMIT momentActivated(f->ns, f->track);
}

void TerminalView::paintEvent(QPaintEvent *event)
{
    QPlainTextEdit::paintEvent(event);
    if (m_text.text().isEmpty())
        paintPlaceholder(viewport(),
                         QStringLiteral("No output. What the workload prints appears here as a "
                                        "terminal shows it: each write in the colour of the thread "
                                        "that made it, torn lines shaded."));
}

} // namespace interleave::ui
