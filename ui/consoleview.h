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

Q_SIGNALS:
    void lineActivated(qint64 ns, interleave::TrackId track);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void onRowsInserted();
};

} // namespace interleave::ui
