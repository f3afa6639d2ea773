#pragma once

#include "terminaltext.h"

#include <QPlainTextEdit>

namespace interleave::ui {

// The console as a terminal shows it: the bytes of every write in the order they arrived,
// torn lines and all, each fragment in the colour of the thread (or process) that wrote it.
// A torn line is shaded; hovering a fragment names its writer and time and explains a tear;
// clicking it marks that moment on the timeline.
class TerminalView : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit TerminalView(QWidget *parent = nullptr);

    void clear();
    void append(const Trace &trace); // a live drain's new writes
    // A finished run: its writes in the order the pipe delivered them (`stream`, the bytes read
    // back), which for worker processes can differ from the order of their time stamps.
    void showFinished(const Trace &trace, const QByteArray &stream);
    // How stdout was buffered, for the explanation of a torn line ("unbuffered").
    void setBuffering(const QString &buffering) { m_buffering = buffering; }
    const TerminalText &content() const { return m_text; }
    // Selects what `track` wrote at `ns` (a tick clicked on the timeline) and scrolls to it.
    bool selectWrite(qint64 ns, TrackId track);

Q_SIGNALS:
    void momentActivated(qint64 ns, interleave::TrackId track);

protected:
    bool event(QEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void render(std::size_t firstNewFragment);
    void markTornLines(qsizetype from);
    int characterAt(const QPoint &viewportPoint) const;

    TerminalText m_text;
    std::vector<std::pair<qsizetype, qsizetype>> m_torn;
    QString m_buffering = QStringLiteral("unbuffered");
};

} // namespace interleave::ui
