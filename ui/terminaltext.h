#pragma once

// The stream a terminal would show, as a plain value: every write's bytes in order, each
// fragment remembering who wrote it and when, and which lines are torn (written by more than
// one writer). Paint-free, so that it can be tested without a window.

#include "trace.h"

#include <QString>

#include <vector>

namespace interleave::ui {

class TerminalText
{
public:
    struct Fragment
    {
        qsizetype start = 0; // in text()
        qsizetype length = 0;
        TrackId track;
        QString writer;
        std::int64_t ns = 0;
    };

    void clear();
    // Appends the writes among trace.events; returns the index of the first new fragment.
    std::size_t append(const Trace &trace);
    // Appends these writes, in this order (Trace::writesAsStreamed); returns as append().
    std::size_t appendWrites(const Trace &trace, const std::vector<const Event *> &writes);

    const QString &text() const { return m_text; }
    const std::vector<Fragment> &fragments() const { return m_fragments; }
    // The fragment holding character `position`, or nullptr.
    const Fragment *fragmentAt(qsizetype position) const;

    // The fragments of the line holding `position`, in order.
    std::vector<const Fragment *> lineOf(qsizetype position) const;
    // Whether that line holds writes of more than one writer.
    bool isTorn(qsizetype position) const;
    // Where the torn lines are, from the line holding `from` on: each line's first character
    // and its length. One pass over those lines only.
    std::vector<std::pair<qsizetype, qsizetype>> tornLines(qsizetype from = 0) const;
    // Where the line holding `position` begins.
    qsizetype lineStart(qsizetype position) const;
    // Why the line at `position` is torn, in words; empty when it is not.
    QString explainTear(qsizetype position, const QString &buffering) const;

private:
    QString m_text;
    std::vector<Fragment> m_fragments;
};

} // namespace interleave::ui
