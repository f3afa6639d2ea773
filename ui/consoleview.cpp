#include "consoleview.h"

#include "outputmodel.h"
#include "style.h"

#include <QAction>
#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyledItemDelegate>

namespace interleave::ui {

namespace {

// time · thread (in its colour) · text, in a fixed-width font so the interleaving lines up.
class LineDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.text.clear();
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

        const QPalette &pal = option.palette;
        const bool selected = option.state & QStyle::State_Selected;
        const QColor normal = pal.color(selected ? QPalette::HighlightedText : QPalette::Text);
        QColor dim = normal;
        dim.setAlpha(150);
        const QFontMetrics fm(option.font);
        QRect r = option.rect.adjusted(6, 0, -4, 0);

        painter->save();
        painter->setFont(option.font);
        const QString time = QStringLiteral("%1 s").arg(
            double(index.data(OutputModel::TimeRole).toLongLong()) / 1e9, 7, 'f', 3);
        painter->setPen(dim);
        painter->drawText(r, Qt::AlignVCenter | Qt::AlignLeft, time);
        r.setLeft(r.left() + fm.horizontalAdvance(QStringLiteral("000.000 s  ")));

        const QColor color = index.data(OutputModel::ColorRole).value<QColor>();
        painter->fillRect(QRect(r.left(), r.top() + 3, 4, r.height() - 6), color);
        r.setLeft(r.left() + 8);
        const QString thread = index.data(OutputModel::ThreadRole).toString();
        const int threadWidth = fm.horizontalAdvance(QLatin1Char('M')) * 24;
        painter->setPen(selected ? normal : color);
        painter->drawText(QRect(r.left(), r.top(), threadWidth, r.height()),
                          Qt::AlignVCenter | Qt::AlignLeft,
                          fm.elidedText(thread, Qt::ElideRight, threadWidth - 6));
        r.setLeft(r.left() + threadWidth);

        const bool error = index.data(OutputModel::IsErrorRole).toBool();
        painter->setPen(error && !selected ? QColor(0xd6, 0x3b, 0x4f) : normal);
        painter->drawText(r, Qt::AlignVCenter | Qt::AlignLeft,
                          (error ? QStringLiteral("[stderr] ") : QString()) +
                              index.data(OutputModel::TextRole).toString());
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        return {400, QFontMetrics(option.font).height() + 6};
    }
};

} // namespace

ConsoleView::ConsoleView(OutputModel *model, QWidget *parent) : QListView(parent)
{
    setModel(model);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setItemDelegate(new LineDelegate(this));
    setUniformItemSizes(true);
    // Many lines can be selected (Shift, Ctrl, Ctrl+A) and copied (Ctrl+C, or the menu).
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setToolTip(QStringLiteral("Output in the order it happened. Click a line to mark it on the "
                              "timeline; Ctrl+A and Ctrl+C copy lines."));
    auto *copy = new QAction(QStringLiteral("&Copy"), this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &ConsoleView::copySelection);
    auto *all = new QAction(QStringLiteral("Select &All"), this);
    all->setShortcut(QKeySequence::SelectAll);
    all->setShortcutContext(Qt::WidgetShortcut);
    connect(all, &QAction::triggered, this, &QListView::selectAll);
    addActions({copy, all});
    setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(this, &QListView::clicked, this, [this](const QModelIndex &index) {
        Q_EMIT lineActivated(index.data(OutputModel::TimeRole).toLongLong(),
                             TrackId(index.data(OutputModel::TrackRole).toUInt()));
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, &ConsoleView::onRowsInserted);
}

bool ConsoleView::selectMoment(qint64 ns, TrackId track)
{
    const int row = static_cast<OutputModel *>(model())->rowAt(ns, track);
    if (row < 0)
        return false;
    const QModelIndex index = model()->index(row, 0);
    setCurrentIndex(index);
    scrollTo(index);
    return true;
}

void ConsoleView::keyPressEvent(QKeyEvent *event)
{
    // The list view would copy only the current line.
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        event->accept();
        return;
    }
    QListView::keyPressEvent(event);
}

void ConsoleView::copySelection()
{
    const QModelIndexList rows = selectionModel()->selectedRows();
    if (!rows.isEmpty())
        QGuiApplication::clipboard()->setText(static_cast<OutputModel *>(model())->text(rows));
}

void ConsoleView::paintEvent(QPaintEvent *event)
{
    QListView::paintEvent(event);
    if (model()->rowCount() == 0)
        paintPlaceholder(viewport(),
                         QStringLiteral("No output. Lines the workload prints appear here as they "
                                        "happen, each tagged with the thread that printed it."));
}

void ConsoleView::onRowsInserted()
{
    // Follow new output unless the user has scrolled up to read.
    QScrollBar *bar = verticalScrollBar();
    if (bar->value() >= bar->maximum() - 2)
        scrollToBottom();
}

} // namespace interleave::ui
