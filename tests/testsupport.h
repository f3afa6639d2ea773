#pragma once

#include "catalog.h"
#include "engine.h"
#include "recorder.h"
#include "run.h"
#include "stopsource.h"

#include <QString>
#include <QStringList>
#include <QTest>

#include <algorithm>

namespace interleave::test {

inline Workload builtin(const char *name)
{
    const Workload *w = findBuiltin(QString::fromLatin1(name));
    if (w == nullptr)
        qFatal("built-in workload %s is missing", name);
    return *w;
}

inline Workload fixture(const char *file)
{
    const auto parsed =
        loadWorkloadFile(QStringLiteral(INTERLEAVE_TEST_DATA "/") + QString::fromLatin1(file));
    if (!parsed.workload)
        qFatal("%s", qPrintable(parsed.error));
    return *parsed.workload;
}

inline RunResult runToEnd(const Workload &workload, Mode mode, int workers = 0)
{
    Recorder recorder;
    StopSource stop;
    return execute(workload, {mode, workers}, recorder, stop);
}

inline QStringList outputLines(const RunResult &r)
{
    QStringList lines;
    for (const Event *e : r.trace.output())
        lines << e->text;
    return lines;
}

inline double wallMs(const RunResult &r)
{
    return double(r.wallNs) / 1e6;
}

} // namespace interleave::test
