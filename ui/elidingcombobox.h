#pragma once

#include <QComboBox>

namespace interleave::ui {

// A combo box that, given less room than its text needs, elides the text ("square-cube — Squ…")
// instead of clipping it mid-letter. The full text is in its list and tooltip.
class ElidingComboBox : public QComboBox
{
    Q_OBJECT

public:
    using QComboBox::QComboBox;

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace interleave::ui
