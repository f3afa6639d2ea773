#include "terminaltext.h"

#include <algorithm>
#include <set>

namespace interleave::ui {

void TerminalText::clear()
{
    m_text.clear();
    m_fragments.clear();
}

std::size_t TerminalText::append(const Trace &trace)
{
    std::vector<const Event *> writes;
    for (const Event &e : trace.events) {
        if (e.kind == EventKind::Write)
            writes.push_back(&e);
    }
    return appendWrites(trace, writes);
}

std::size_t TerminalText::appendWrites(const Trace &trace, const std::vector<const Event *> &writes)
{
    const std::size_t first = m_fragments.size();
    for (const Event *e : writes) {
        if (e->text.isEmpty())
            continue;
        const TrackInfo *t = trace.track(e->track);
        // One character in the text for one in the document: a text document would make
        // "\r\n" one line break, so carriage returns become line breaks of their own here.
        QString bytes = e->text;
        bytes.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        bytes.replace(QLatin1Char('\r'), QLatin1Char('\n'));
        m_fragments.push_back(
            {m_text.size(), bytes.size(), e->track, t ? t->name : QString(), e->timeNs});
        m_text += bytes;
    }
    return first;
}

const TerminalText::Fragment *TerminalText::fragmentAt(qsizetype position) const
{
    const auto it = std::upper_bound(m_fragments.begin(), m_fragments.end(), position,
                                     [](qsizetype p, const Fragment &f) { return p < f.start; });
    if (it == m_fragments.begin())
        return nullptr;
    const Fragment &f = *(it - 1);
    return position < f.start + f.length ? &f : nullptr;
}

std::vector<const TerminalText::Fragment *> TerminalText::lineOf(qsizetype position) const
{
    std::vector<const Fragment *> line;
    if (position < 0 || position > m_text.size())
        return line;
    const qsizetype begin =
        position == 0 ? 0 : m_text.lastIndexOf(QLatin1Char('\n'), position - 1) + 1;
    qsizetype end = m_text.indexOf(QLatin1Char('\n'), position);
    end = end < 0 ? m_text.size() : end + 1; // the newline belongs to the line
    for (const Fragment &f : m_fragments) {
        if (f.start < end && f.start + f.length > begin)
            line.push_back(&f);
    }
    return line;
}

bool TerminalText::isTorn(qsizetype position) const
{
    std::set<TrackId::value_type> writers;
    for (const Fragment *f : lineOf(position))
        writers.insert(f->track.value());
    return writers.size() > 1;
}

qsizetype TerminalText::lineStart(qsizetype position) const
{
    return position <= 0 ? 0 : m_text.lastIndexOf(QLatin1Char('\n'), position - 1) + 1;
}

std::vector<std::pair<qsizetype, qsizetype>> TerminalText::tornLines(qsizetype from) const
{
    std::vector<std::pair<qsizetype, qsizetype>> torn;
    qsizetype begin = lineStart(from);
    std::size_t f = std::size_t(
        std::upper_bound(m_fragments.begin(), m_fragments.end(), begin,
                         [](qsizetype p, const Fragment &x) { return p < x.start + x.length; }) -
        m_fragments.begin());
    while (begin < m_text.size()) {
        qsizetype end = m_text.indexOf(QLatin1Char('\n'), begin);
        end = end < 0 ? m_text.size() : end + 1;
        while (f < m_fragments.size() && m_fragments[f].start + m_fragments[f].length <= begin)
            ++f;
        bool mixed = false;
        for (std::size_t g = f; g < m_fragments.size() && m_fragments[g].start < end && !mixed; ++g)
            mixed = m_fragments[g].track != m_fragments[f].track;
        if (mixed)
            torn.emplace_back(begin, end - begin);
        begin = end;
    }
    return torn;
}

QString TerminalText::explainTear(qsizetype position, const QString &buffering) const
{
    if (!isTorn(position))
        return {};
    // "Thread-2 wrote `Cube: `, ` `, `8`, `\n` between Thread-1's `Square: ` and ` 4`".
    const auto line = lineOf(position);
    const auto shown = [this](const Fragment *f) {
        QString s = m_text.mid(f->start, f->length);
        s.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
        return QStringLiteral("`%1`").arg(s);
    };
    QStringList parts;
    for (std::size_t i = 0; i < line.size();) {
        QStringList pieces;
        std::size_t j = i;
        for (; j < line.size() && line[j]->track == line[i]->track; ++j)
            pieces << shown(line[j]);
        parts << QStringLiteral("%1 wrote %2")
                     .arg(line[i]->writer, pieces.join(QStringLiteral(", ")));
        i = j;
    }
    return QStringLiteral("A torn line: %1. A print is several writes (each argument, each "
                          "separator and the end), and stdout was %2, so another thread's "
                          "writes got in between.")
        .arg(parts.join(QStringLiteral(", then ")), buffering);
}

} // namespace interleave::ui
