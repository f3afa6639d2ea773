#include "controlbar.h"

#include "elidingcombobox.h"
#include "workerslider.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace interleave::ui {

ControlBar::ControlBar(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildRunRow());
    layout->addLayout(buildLessonRow());
}

QWidget *ControlBar::buildRunRow()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_workload = new ElidingComboBox(bar);
    m_workload->setMinimumContentsLength(12);
    m_workload->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_workload->setToolTip(QStringLiteral("What to run; each workload teaches one lesson"));
    connect(m_workload, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &ControlBar::workloadPicked);
    auto *workloadLabel = new QLabel(QStringLiteral("&Workload"), bar);
    workloadLabel->setBuddy(m_workload);
    row->addWidget(workloadLabel);
    row->addWidget(m_workload, 1); // wider when there is room: fewer names cut short
    row->addSpacing(4);
    addModeButtons(bar, row);
    row->addSpacing(6);
    // The style makes every text button at least 80 px wide; on a 1024 px screen the row
    // needs them only as wide as their words.
    for (QPushButton *button : bar->findChildren<QPushButton *>())
        button->setMinimumWidth(button->fontMetrics().horizontalAdvance(button->text()) + 16);
    addWorkers(bar, row);
    return bar;
}

void ControlBar::addModeButtons(QWidget *bar, QHBoxLayout *row)
{
    int key = 1;
    for (const ModeTraits &t : kModes) {
        auto *button = new QPushButton(QStringLiteral("Run %1").arg(QLatin1String(t.name)), bar);
        button->setToolTip(
            QStringLiteral("%1 (Ctrl+%2)").arg(QString::fromUtf8(t.help)).arg(key++));
        connect(button, &QPushButton::clicked, this,
                [this, mode = t.mode] { Q_EMIT runRequested(mode); });
        m_runButtons[t.mode] = button;
        row->addWidget(button);
    }
    m_stop = new QPushButton(QStringLiteral("Stop"), bar);
    m_stop->setToolTip(
        QStringLiteral("Stop the run; what happened so far stays on the timeline (Esc)"));
    connect(m_stop, &QPushButton::clicked, this, &ControlBar::stopRequested);
    row->addWidget(m_stop);
    m_repeat = new QSpinBox(bar);
    m_repeat->setRange(1, kMaxRepeats);
    m_repeat->setPrefix(QStringLiteral("×"));
    m_repeat->setToolTip(QStringLiteral(
        "Run each configuration this many times: the results show the median and the range, "
        "and say so when the runs disagree"));
    row->addWidget(m_repeat);
    m_sweep = new QPushButton(QStringLiteral("Sweep"), bar);
    m_sweep->setToolTip(
        QStringLiteral("Run pool (or processes, if it ran last) at every worker count from 1 to "
                       "the slider's value, and draw wall time and speedup against workers "
                       "(Ctrl+W)"));
    connect(m_sweep, &QPushButton::clicked, this, &ControlBar::sweepRequested);
    row->addWidget(m_sweep);
}

void ControlBar::addWorkers(QWidget *bar, QHBoxLayout *row)
{
    const int cores = std::max(1, QThread::idealThreadCount());
    m_workersSlider = new WorkerSlider(cores, bar);
    // The slider covers the useful range; the box beside it goes as far as any run may.
    m_workersSlider->setRange(kMinWorkers, std::min(64, kMaxWorkers));
    m_workersSlider->setToolTip(
        QStringLiteral("Workers for pool and processes; this machine has %1 cores").arg(cores));
    m_workersSpin = new QSpinBox(bar);
    m_workersSpin->setRange(kMinWorkers, kMaxWorkers);
    m_workersSpin->setToolTip(m_workersSlider->toolTip());
    connect(m_workersSlider, &QSlider::valueChanged, m_workersSpin, &QSpinBox::setValue);
    // The slider stops at 64; a larger count typed in the box must not be pulled back to it.
    connect(m_workersSpin, qOverload<int>(&QSpinBox::valueChanged), m_workersSlider,
            [this](int value) {
                const QSignalBlocker quiet(m_workersSlider);
                m_workersSlider->setValue(value);
            });
    connect(m_workersSpin, qOverload<int>(&QSpinBox::valueChanged), this,
            &ControlBar::workersMoved);
    connect(m_workersSlider, &QSlider::sliderReleased, this, &ControlBar::workersReleased);
    auto *workersLabel = new QLabel(QStringLiteral("W&orkers"), bar);
    workersLabel->setBuddy(m_workersSpin);
    row->addWidget(workersLabel);
    row->addWidget(m_workersSlider, 1);
    row->addWidget(m_workersSpin);
    setWorkers(cores);
    row->addSpacing(4);
}

QHBoxLayout *ControlBar::buildLessonRow()
{
    m_lesson = new QLabel(this);
    m_lesson->setWordWrap(true);
    m_lesson->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_optionsRow = new QHBoxLayout;
    buildGil();
    buildStdout();
    auto *row = new QHBoxLayout;
    row->addWidget(m_lesson, 1);
    row->addLayout(m_optionsRow);
    // What shapes how the run behaves, beside the lesson: the GIL and stdout's buffering.
    row->addSpacing(12);
    row->addWidget(m_gil);
    row->addWidget(m_switchInterval);
    row->addSpacing(12);
    auto *stdoutLabel = new QLabel(QStringLiteral("st&dout"), this);
    stdoutLabel->setBuddy(m_stdout);
    row->addWidget(stdoutLabel);
    row->addWidget(m_stdout);
    return row;
}

void ControlBar::buildGil()
{
    m_gil = new QCheckBox(QStringLiteral("Python &GIL"), this);
    m_gil->setToolTip(
        QStringLiteral("Emulate CPython's global interpreter lock for threads and pool: only the "
                       "thread holding it computes. Each process has its own, so processes are "
                       "unaffected."));
    m_switchInterval = new QDoubleSpinBox(this);
    m_switchInterval->setRange(kMinSwitchIntervalMs, kMaxSwitchIntervalMs);
    m_switchInterval->setDecimals(1);
    m_switchInterval->setSingleStep(0.5);
    m_switchInterval->setValue(5.0);
    m_switchInterval->setSuffix(QStringLiteral(" ms"));
    m_switchInterval->setToolTip(
        QStringLiteral("Switch interval, as sys.setswitchinterval(): how long a thread "
                       "waits before asking the holder to hand the GIL over"));
    m_switchInterval->setEnabled(false);
    connect(m_gil, &QCheckBox::toggled, m_switchInterval, &QWidget::setEnabled);
}

void ControlBar::buildStdout()
{
    m_stdout = new QComboBox(this);
    const std::pair<lang::Buffering, const char *> kinds[] = {
        {lang::Buffering::Unbuffered,
         "Every piece of a print is its own write, as with python -u, PYTHONUNBUFFERED=1 (which "
         "IDEs such as PyCharm set) or a notebook: threads printing at once can tear a line"},
        {lang::Buffering::Line,
         "A write per finished line, as when stdout is a terminal: prints are never torn"},
        {lang::Buffering::Block,
         "A write per 8 KiB, as when stdout is a pipe or a file: prints tear only where a "
         "block fills"}};
    for (const auto &[kind, help] : kinds) {
        m_stdout->addItem(bufferingText(kind), QVariant::fromValue(int(kind)));
        m_stdout->setItemData(m_stdout->count() - 1, QLatin1String(help), Qt::ToolTipRole);
    }
    m_stdout->setToolTip(QStringLiteral("How each process's sys.stdout is buffered, which decides "
                                        "whether two threads' prints can tear a line"));
}

RunOptions ControlBar::options(Mode mode) const
{
    RunOptions options;
    options.mode = mode;
    options.workers = workers();
    options.gil = gil();
    options.switchIntervalMs = switchIntervalMs();
    options.settings = settings();
    options.buffering = buffering();
    return options;
}

void ControlBar::setRunning(bool running)
{
    for (auto &[mode, button] : m_runButtons)
        button->setEnabled(!running);
    for (QWidget *w : std::initializer_list<QWidget *>{m_workload, m_workersSlider, m_workersSpin,
                                                       m_sweep, m_repeat, m_gil, m_stdout})
        w->setEnabled(!running);
    for (QCheckBox *box : m_optionBoxes)
        box->setEnabled(!running);
    m_switchInterval->setEnabled(!running && m_gil->isChecked());
    m_stop->setEnabled(running);
}

namespace {
QString workloadLabel(const Workload &w, const QString &path)
{
    QString label = w.title.isEmpty() ? w.name : QStringLiteral("%1 — %2").arg(w.name, w.title);
    if (!path.isEmpty())
        label += QStringLiteral("  [%1]").arg(QFileInfo(path).fileName());
    return label;
}
} // namespace

void ControlBar::addWorkload(const Workload &workload, const QString &path)
{
    const QSignalBlocker quiet(m_workload);
    m_workload->addItem(workloadLabel(workload, path));
    m_workload->setItemData(m_workload->count() - 1, path.isEmpty() ? workload.lesson : path,
                            Qt::ToolTipRole);
}

void ControlBar::relabelWorkload(int index, const Workload &workload, const QString &path)
{
    m_workload->setItemText(index, workloadLabel(workload, path));
}

void ControlBar::showWorkload(int index, const Workload &w)
{
    {
        const QSignalBlocker quiet(m_workload);
        m_workload->setCurrentIndex(index);
    }
    showLesson(w);
    for (QCheckBox *box : m_optionBoxes)
        delete box;
    m_optionBoxes.clear();
    for (const WorkloadOption &o : w.options) {
        auto *box = new QCheckBox(o.name, this);
        box->setChecked(o.defaultValue);
        box->setToolTip(QStringLiteral("%1 (the workload's option %2; on the command line: "
                                       "--set %2=true)")
                            .arg(o.help, o.name));
        m_optionsRow->addWidget(box);
        m_optionBoxes.push_back(box);
    }
}

void ControlBar::showLesson(const Workload &w)
{
    QString text = QStringLiteral("<b>Lesson:</b> ") + w.lesson.toHtmlEscaped();
    if (!w.source.isEmpty())
        text +=
            QStringLiteral(" <span style='color:gray'>(%1)</span>").arg(w.source.toHtmlEscaped());
    m_lesson->setText(text);
}

void ControlBar::setLessonText(const QString &html)
{
    m_lesson->setText(html);
}

int ControlBar::workers() const
{
    return m_workersSpin->value();
}

void ControlBar::setWorkers(int workers)
{
    m_workersSpin->setValue(std::clamp(workers, kMinWorkers, kMaxWorkers));
}

int ControlBar::repeats() const
{
    return m_repeat->value();
}

void ControlBar::setGil(bool on, double switchIntervalMs)
{
    m_gil->setChecked(on);
    m_switchInterval->setValue(switchIntervalMs);
}

bool ControlBar::gil() const
{
    return m_gil->isChecked();
}

double ControlBar::switchIntervalMs() const
{
    return m_switchInterval->value();
}

lang::Buffering ControlBar::buffering() const
{
    return lang::Buffering(m_stdout->currentData().toInt());
}

void ControlBar::setBuffering(lang::Buffering buffering)
{
    m_stdout->setCurrentIndex(m_stdout->findData(int(buffering)));
}

QMap<QString, bool> ControlBar::settings() const
{
    QMap<QString, bool> values;
    for (const QCheckBox *box : m_optionBoxes)
        values.insert(box->text(), box->isChecked());
    return values;
}

void ControlBar::setOption(const QString &name, bool on)
{
    for (QCheckBox *box : m_optionBoxes) {
        if (box->text() == name)
            box->setChecked(on);
    }
}

QSlider *ControlBar::workerSlider() const
{
    return m_workersSlider;
}

} // namespace interleave::ui
