#pragma once

// The timeline with its legend above it, and a pinned reference run above the current one on
// one time axis: zooming or panning either moves the other.

#include "runresult.h"

#include <QWidget>

#include <memory>

class QLabel;

namespace interleave::ui {

class TimelineView;

class TimelinePane : public QWidget
{
    Q_OBJECT

public:
    explicit TimelinePane(QWidget *parent = nullptr);

    TimelineView *timeline() const { return m_timeline; }
    TimelineView *reference() const { return m_reference; }
    // Draws `pinned` above the timeline with its title, or hides the reference when null.
    void showReference(const std::shared_ptr<const RunResult> &pinned, const QString &title);
    // With a reference shown: the current run's title, and both on the longer one's scale.
    void compare(const QString &currentTitle, std::int64_t longestNs);

private:
    TimelineView *m_timeline = nullptr;
    TimelineView *m_reference = nullptr;
    QLabel *m_referenceTitle = nullptr;
    QLabel *m_currentTitle = nullptr;
    bool m_syncing = false;
};

} // namespace interleave::ui
