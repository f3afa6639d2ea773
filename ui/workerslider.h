#pragma once

#include <QSlider>

namespace interleave::ui {

// The worker-count slider, with the machine's core count marked under it.
class WorkerSlider : public QSlider
{
public:
    explicit WorkerSlider(int cores, QWidget *parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int m_cores;
};

} // namespace interleave::ui
