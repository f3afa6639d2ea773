#pragma once

#include "program.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace interleave {

// A workload option (a checkbox in the window, --set NAME=true on the command line).
struct WorkloadOption
{
    QString name;
    bool defaultValue = false;
    QString help;
};

// A loaded workload: what the catalog lists and the window shows, around its compiled
// program (core/base/program.h), which is what runs.
struct Workload
{
    QString name;   // identifier, e.g. square-cube
    QString title;  // a few words for menus
    QString lesson; // the one-line lesson it teaches
    QString source; // where it comes from (a seed note, a user's file)
    QString origin; // the file it was read from
    // The ideal wall time per mode name, in milliseconds, where the source states one.
    QMap<QString, double> idealMs;
    std::vector<WorkloadOption> options;
    std::shared_ptr<const lang::Program> program;
    QByteArray document; // the JSON it was compiled from: what a stored run keeps
};

// A workload or the reason there is none: the message names the file, line and column and
// what was expected there, ready to show a person.
struct WorkloadParse
{
    std::optional<Workload> workload;
    QString error;
};

WorkloadParse parseWorkload(const QByteArray &json, const QString &origin);
WorkloadParse loadWorkloadFile(const QString &path);

} // namespace interleave
