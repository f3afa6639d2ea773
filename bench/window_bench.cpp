// The window while a run records (issue 15, item 5): what each live update costs the UI
// thread, and how late it answers a timer (the stand-in for input) when every core is busy.

#include "benchsupport.h"
#include "clock.h"
#include "mainwindow.h"
#include "runcontroller.h"

#include <benchmark/benchmark.h>

#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <ctime>

using namespace interleave;

namespace {

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double nowMs()
{
    return double(clock::monotonicNs()) / 1e6;
}

// What the UI thread went through during one run in the window.
struct WindowRun
{
    std::vector<double> frames; // UI thread CPU time from one drain to the next
    std::vector<double> gaps;   // between ticks of a 10 ms timer
    double uiCpuMs = 0;
    double wallMs = 0;
    std::shared_ptr<const RunResult> result;
};

// Runs the workload in `path` in a real window (offscreen) and watches its event loop; stops
// the run after `stopAfterMs` if that is not 0.
WindowRun watchRun(const QString &path, Mode mode, int stopAfterMs)
{
    WindowRun out;
    ui::MainWindow window(false);
    window.resize(1280, 800);
    window.show();
    QString error;
    if (!window.selectWorkload(path, &error))
        return out;
    QEventLoop settle;
    QTimer::singleShot(200, &settle, &QEventLoop::quit); // the first paint is not the run's
    settle.exec();

    // A live update is a drain (the views take in what is new) and the replot and repaints
    // it queues; the UI thread does nothing else while a run goes. So the CPU time the thread
    // spends from one drain to the next is the cost of one update.
    auto *controller = window.findChild<ui::RunController *>();
    QObject guard;
    double lastDrainCpu = -1;
    QObject::connect(controller, &ui::RunController::progressed, &guard, [&] {
        const double cpu = threadCpuMs();
        if (lastDrainCpu >= 0)
            out.frames.push_back(cpu - lastDrainCpu);
        lastDrainCpu = cpu;
    });
    double lastTick = nowMs();
    QTimer tick;
    tick.setInterval(10);
    QObject::connect(&tick, &QTimer::timeout, &guard, [&] {
        out.gaps.push_back(nowMs() - lastTick);
        lastTick = nowMs();
    });

    QEventLoop loop;
    QObject::connect(&window, &ui::MainWindow::runFinished, &loop,
                     [&](std::shared_ptr<const RunResult> r) {
                         out.result = std::move(r);
                         loop.quit();
                     });
    if (stopAfterMs > 0)
        QTimer::singleShot(stopAfterMs, &guard, [&] { window.stopRun(); });
    const double cpu0 = threadCpuMs(), wall0 = nowMs();
    tick.start();
    if (!window.startRun(mode))
        return out;
    loop.exec();
    out.uiCpuMs = threadCpuMs() - cpu0;
    out.wallMs = nowMs() - wall0;
    return out;
}

// One thread recording about 250,000 spans a second (a compute span and the Python between
// two) for about two seconds, the window following it live.
void BM_LiveFrame(benchmark::State &state)
{
    QTemporaryDir dir;
    const QString path = bench::writeWorkload(
        dir, "live.json",
        R"json({"name": "live", "functions": {"f()": [{"for": "i in range(500_000)",
                "do": ["compute(0, 900)"]}]}, "calls": ["f()"]})json");
    for (auto _ : state) {
        const WindowRun run = watchRun(path, Mode::Threads, 0);
        if (!run.result || !run.result->ok()) {
            state.SkipWithError("the run did not finish");
            return;
        }
        state.counters["p95_ms"] = bench::percentile(run.frames, 0.95);
        state.counters["median_ms"] = bench::median(run.frames);
        state.counters["frames"] = double(run.frames.size());
        state.counters["ui_cpu_share"] = run.uiCpuMs / run.wallMs;
        state.counters["spans_per_s"] =
            double(run.result->trace.spans.size()) / (double(run.result->wallNs) / 1e9);
        state.counters["tick_gap_p95_ms"] = bench::percentile(run.gaps, 0.95);
    }
}
BENCHMARK(BM_LiveFrame)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

// 64 threads computing at once on every core, stopped after 1.5 s: how late a 10 ms timer
// fires (what a click would wait).
void BM_Busy64(benchmark::State &state)
{
    for (auto _ : state) {
        const WindowRun run =
            watchRun(QStringLiteral(INTERLEAVE_BUSY_WORKLOAD), Mode::Threads, 1500);
        if (!run.result) {
            state.SkipWithError("the run did not end");
            return;
        }
        state.counters["tick_gap_p95_ms"] = bench::percentile(run.gaps, 0.95);
        state.counters["frame_p95_ms"] = bench::percentile(run.frames, 0.95);
    }
}
BENCHMARK(BM_Busy64)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

} // namespace
