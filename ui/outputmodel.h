#pragma once

#include "trace.h"

#include <QAbstractListModel>

namespace interleave::ui {

// The interleaved console: every printed line (and worker stderr line) in time order.
class OutputModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        TimeRole = Qt::UserRole + 1, // qint64 ns
        ThreadRole,                  // QString
        TextRole,                    // QString
        TrackRole,                   // uint track id
        ColorRole,                   // QColor of the thread
        IsErrorRole,                 // bool: a stderr line
    };

    using QAbstractListModel::QAbstractListModel;

    void clear();
    // Appends the printed lines among trace.events (a live drain's new ones, or a whole run's).
    void append(const Trace &trace);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    // The line a write `track` made at `ns` went into: the first line of stdout, whoever ended
    // it, to end then or later (or that stderr line itself); past every line, the thread's
    // last; -1 if none.
    int rowAt(std::int64_t ns, TrackId track) const;
    // The rows as the console shows them, one per line, for the clipboard.
    QString text(const QModelIndexList &rows) const;

private:
    struct Line
    {
        std::int64_t ns = 0;
        TrackId track;
        QString thread;
        QString text;
        bool error = false;
    };
    std::vector<Line> m_lines;
};

} // namespace interleave::ui
