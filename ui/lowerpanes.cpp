#include "lowerpanes.h"

#include "compareview.h"
#include "consoleview.h"
#include "historyview.h"
#include "resultsview.h"
#include "sweepview.h"
#include "terminalview.h"

#include <QGroupBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace interleave::ui {

namespace {

QWidget *boxed(const QString &title, QWidget *content, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    auto *l = new QVBoxLayout(box);
    l->setContentsMargins(6, 6, 6, 6);
    l->addWidget(content);
    return box;
}

struct Tab
{
    QWidget *page;
    QString title;
    QString tip;
};

QTabWidget *tabs(std::initializer_list<Tab> pages, QWidget *parent)
{
    auto *w = new QTabWidget(parent);
    w->setDocumentMode(true);
    for (const Tab &t : pages)
        w->setTabToolTip(w->addTab(t.page, t.title), t.tip);
    return w;
}

} // namespace

LowerPanes::LowerPanes(OutputModel *output, QWidget *parent) : QSplitter(Qt::Horizontal, parent)
{
    m_console = new ConsoleView(output, this);
    m_terminal = new TerminalView(this);
    m_terminal->setToolTip(QStringLiteral(
        "stdout as a terminal gets it: each write in the colour of the thread that made it, "
        "torn lines shaded. Hover a fragment to see who wrote it; click it to mark the moment "
        "on the timeline."));
    m_results = new ResultsView(this);
    m_sweep = new SweepView(this);
    m_compare = new CompareView(this);
    m_history = new HistoryView(this);
    // The stream as a terminal gets it (torn lines and all), or line by line with its thread.
    auto *outputTabs =
        tabs({{m_terminal, QStringLiteral("&Terminal"),
               QStringLiteral("The bytes in the order they arrived, as a terminal shows them")},
              {m_console, QStringLiteral("&Lines"),
               QStringLiteral("One line per line of output, tagged with its time and thread")}},
             this);
    addWidget(boxed(QStringLiteral("Output, in the order it happened"), outputTabs, this));
    m_resultTabs = tabs(
        {{m_results, QStringLiteral("&Modes"),
          QStringLiteral("Wall time per configuration: the median of its runs, with their range")},
         {m_sweep, QStringLiteral("S&weep"),
          QStringLiteral("Wall time and speedup against workers, with Amdahl's law fitted")},
         {m_compare, QStringLiteral("&Compare"),
          QStringLiteral("The pinned reference run against this one, state by state")},
         {m_history, QStringLiteral("&History"),
          QStringLiteral("Every run kept in the run library: reopen, compare, delete")}},
        this);
    addWidget(boxed(QStringLiteral("Results"), m_resultTabs, this));
    setStretchFactor(0, 3);
    setStretchFactor(1, 2);
}

void LowerPanes::showResult(QWidget *page)
{
    m_resultTabs->setCurrentWidget(page);
}

} // namespace interleave::ui
