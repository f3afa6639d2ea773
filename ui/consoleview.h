#pragma once

#include "ids.h"

#include <QListView>

namespace interleave::ui {

class OutputModel;

// The interleaved output, one line per print, each tagged and coloured by its thread.
// Clicking a line marks that moment on the timeline.
class ConsoleView : public QListView
{
    Q_OBJECT

public:
    explicit ConsoleView(OutputModel *model, QWidget *parent = nullptr);

    // Selects the line `track` was printing at `ns` (a tick clicked on the timeline).
    bool selectMoment(qint64 ns, TrackId track);
    // The selected lines to the clipboard (Ctrl+C), as the console shows them.
    void copySelection();

Q_SIGNALS:
    void lineActivated(qint64 ns, interleave::TrackId track);

protected:
    void paintEvent(QPaintEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void onRowsInserted();
};

} // namespace interleave::ui
