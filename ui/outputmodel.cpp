#include "outputmodel.h"

#include "style.h"

namespace interleave::ui {

void OutputModel::clear()
{
    beginResetModel();
    m_lines.clear();
    endResetModel();
}

void OutputModel::append(const Trace &trace)
{
    std::vector<Line> added;
    for (const Event &e : trace.events) {
        if (e.kind != EventKind::Print && e.kind != EventKind::ErrorOutput)
            continue;
        const TrackInfo *t = trace.track(e.track);
        added.push_back(
            {e.timeNs, e.track, t ? t->name : QString(), e.text, e.kind == EventKind::ErrorOutput});
    }
    if (added.empty())
        return;
    const int first = int(m_lines.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    m_lines.insert(m_lines.end(), std::make_move_iterator(added.begin()),
                   std::make_move_iterator(added.end()));
    endInsertRows();
}

int OutputModel::rowAt(std::int64_t ns, TrackId track) const
{
    // Threads share the stream a line is assembled from, and a line's time is the write that
    // ended it: a write went into the first line to end at or after it, whichever thread
    // ended it (a torn line). A line of stderr holds only its own write.
    int found = -1;
    const auto better = [&](const Line &l) {
        const Line &f = m_lines[std::size_t(found)];
        return l.ns < f.ns || (l.ns == f.ns && l.track == track && f.track != track);
    };
    int last = -1;
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        const Line &l = m_lines[i];
        if (l.track == track)
            last = int(i);
        if (l.ns < ns || (l.error && !(l.ns == ns && l.track == track)))
            continue;
        if (found < 0 || better(l))
            found = int(i);
    }
    // Past every line, the write waits in an unfinished one: show the thread's last.
    return found >= 0 ? found : last;
}

QString OutputModel::text(const QModelIndexList &rows) const
{
    std::vector<int> sorted;
    for (const QModelIndex &index : rows)
        sorted.push_back(index.row());
    std::sort(sorted.begin(), sorted.end());
    QStringList lines;
    for (int row : sorted)
        lines << data(index(row), Qt::DisplayRole).toString();
    return lines.join(QLatin1Char('\n'));
}

int OutputModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant OutputModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Line &l = m_lines[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1 s  %2  %3")
            .arg(double(l.ns) / 1e9, 0, 'f', 3)
            .arg(l.thread, l.text);
    case Qt::ToolTipRole:
        return QStringLiteral("%1 at %2 s — click to mark it on the timeline")
            .arg(l.thread)
            .arg(double(l.ns) / 1e9, 0, 'f', 6);
    case TimeRole:
        return QVariant::fromValue<qint64>(l.ns);
    case ThreadRole:
        return l.thread;
    case TextRole:
        return l.text;
    case TrackRole:
        return QVariant::fromValue<uint>(l.track.value());
    case ColorRole:
        return threadColor(l.thread);
    case IsErrorRole:
        return l.error;
    default:
        return {};
    }
}

QHash<int, QByteArray> OutputModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(TimeRole, "time");
    names.insert(ThreadRole, "thread");
    names.insert(TextRole, "text");
    names.insert(TrackRole, "track");
    names.insert(ColorRole, "color");
    names.insert(IsErrorRole, "isError");
    return names;
}

} // namespace interleave::ui
