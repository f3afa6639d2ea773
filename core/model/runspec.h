#pragma once

// What a run is before it runs: the workload's name, the options it runs with and the
// workload's own options with their defaults. It labels itself without the workload, so a run
// kept in the library is named, grouped and compared without compiling its program again.

#include "runoptions.h"

#include <QJsonArray>
#include <QMap>
#include <QString>

#include <vector>

namespace interleave {

struct Workload;

// One of the workload's options and its default: what a label leaves out when it is unchanged.
struct DeclaredOption
{
    QString name;
    bool defaultValue = false;
};

struct RunSpec
{
    RunSpec() = default;
    RunSpec(const Workload &workload, RunOptions options);

    QString workload;
    RunOptions options;
    std::vector<DeclaredOption> declared;

    Mode mode() const { return options.mode; }
    const ModeTraits &traits() const { return traitsOf(options.mode); }
    // Each declared option's value for this run: its default, or the setting.
    QMap<QString, bool> optionValues() const;
};

// The declared options as JSON, [["locked", false], ...] in the workload's order, and back.
QJsonArray declaredToJson(const std::vector<DeclaredOption> &declared);
std::vector<DeclaredOption> declaredFromJson(const QJsonArray &list);

// Everything that changes a run's result, to tell results apart: "threads",
// "threads · GIL 5 ms", "pool ×3 · line", "threads · locked". The first part is the mode.
QString configLabel(const RunSpec &spec);
QString configLabel(const RunOptions &options, const Workload &workload);
// What a sequential run must share with a run to be its baseline: the label with the mode and
// what only the mode decides (the worker count, the GIL) left out. Takes a label, so that
// History's stored labels and the session's runs are matched by one rule.
QString baselineKey(const QString &configLabel);

} // namespace interleave
