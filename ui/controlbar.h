#pragma once

// The controls above the timeline: the workload, a run button per mode, Stop, repeats, Sweep
// and the workers on one row; the lesson, the workload's options, the GIL and stdout's
// buffering on the next. It reads and sets what a run is made of, and says what was asked.

#include "runoptions.h"
#include "workload.h"

#include <QWidget>

#include <map>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace interleave::ui {

class WorkerSlider;

class ControlBar : public QWidget
{
    Q_OBJECT

public:
    explicit ControlBar(QWidget *parent = nullptr);

    // The options the controls are set to, for `mode`.
    RunOptions options(Mode mode) const;
    void setRunning(bool running);

    QComboBox *workloadBox() const { return m_workload; }
    // A workload to pick, from its file (`path`) or built in (empty).
    void addWorkload(const Workload &workload, const QString &path);
    void relabelWorkload(int index, const Workload &workload, const QString &path);
    // The workload at `index` picked, its lesson and options shown.
    void showWorkload(int index, const Workload &workload);
    // Its lesson again (where an opened trace's description was), its options as they are.
    void showLesson(const Workload &workload);
    void setLessonText(const QString &html);

    int workers() const;
    void setWorkers(int workers);
    int repeats() const;
    void setGil(bool on, double switchIntervalMs);
    bool gil() const;
    double switchIntervalMs() const;
    lang::Buffering buffering() const;
    void setBuffering(lang::Buffering buffering);
    // The current workload's options, as their checkboxes are set.
    QMap<QString, bool> settings() const;
    void setOption(const QString &name, bool on);

    QPushButton *runButton(Mode mode) const { return m_runButtons.at(mode); }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *sweepButton() const { return m_sweep; }
    QSlider *workerSlider() const;
    QSpinBox *workerSpin() const { return m_workersSpin; }
    QSpinBox *repeatSpin() const { return m_repeat; }
    QCheckBox *gilSwitch() const { return m_gil; }

Q_SIGNALS:
    void runRequested(Mode mode);
    void stopRequested();
    void sweepRequested();
    void workloadPicked(int index);
    void workersMoved(int count);
    void workersReleased();

private:
    QWidget *buildRunRow();
    void addModeButtons(QWidget *bar, QHBoxLayout *row);
    void addWorkers(QWidget *bar, QHBoxLayout *row);
    QHBoxLayout *buildLessonRow();
    void buildGil();
    void buildStdout();

    QComboBox *m_workload = nullptr;
    std::map<Mode, QPushButton *> m_runButtons;
    QPushButton *m_stop = nullptr;
    QSpinBox *m_repeat = nullptr;
    QPushButton *m_sweep = nullptr;
    WorkerSlider *m_workersSlider = nullptr;
    QSpinBox *m_workersSpin = nullptr;
    QLabel *m_lesson = nullptr;
    QHBoxLayout *m_optionsRow = nullptr;
    std::vector<QCheckBox *> m_optionBoxes;
    QCheckBox *m_gil = nullptr;
    QDoubleSpinBox *m_switchInterval = nullptr;
    QComboBox *m_stdout = nullptr;
};

} // namespace interleave::ui
