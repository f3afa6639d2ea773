// interleave-bench: the performance budgets of ../shared/DESIGN.md, measured.
//   interleave-bench           Google Benchmark's table, then the named figures
//   interleave-bench --json    one JSON object of named figures only
// Benchmarks are measurements, never pass/fail tests.

#include "benchsupport.h"
#include "clock.h"
#include "engine.h"
#include "fifopool.h"
#include "recorder.h"
#include "stopsource.h"

#include "processmode.h"
#include "protocol.h"

#include <benchmark/benchmark.h>

#include "timelineview.h"

#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <iostream>
#include <map>
#include <thread>
#include <vector>

using namespace interleave;

namespace {

// Recording one span: two timestamps and an append to this thread's own buffer. Each thread
// has its own recorder here; the hot path touches only the thread's writer either way.
void BM_RecordSpan(benchmark::State &state)
{
    Recorder recorder;
    TrackWriter &writer =
        recorder.addTrack(Pid(1), Tid(state.thread_index()), QStringLiteral("bench"));
    std::uint32_t task = 0;
    for (auto _ : state) {
        const clock::Ticks start = clock::ticks();
        const clock::Ticks end = clock::ticks();
        writer.span(TaskId(task++), SpanKind::Compute, start, end);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RecordSpan)->Threads(1)->Threads(2)->UseRealTime()->MinTime(0.3);

// The floor under BM_RecordSpan: its two timestamps without the store.
void BM_TwoTicks(benchmark::State &state)
{
    for (auto _ : state) {
        benchmark::DoNotOptimize(clock::ticks());
        benchmark::DoNotOptimize(clock::ticks());
    }
}
BENCHMARK(BM_TwoTicks);

// For comparison: one read of CLOCK_MONOTONIC through the vDSO.
void BM_ClockGettime(benchmark::State &state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(clock::monotonicNs());
}
BENCHMARK(BM_ClockGettime);

// Submit -> running: the time from FifoPool::submit() until the job's first instruction on an
// idle worker. The median over many dispatches is reported.
void BM_PoolDispatch(benchmark::State &state)
{
    FifoPool pool(1);
    std::atomic<clock::Ticks> startedAt{0};
    std::vector<clock::Ticks> latencies;
    latencies.reserve(std::size_t(state.max_iterations));
    // Warm up: the worker thread exists and sleeps on the queue before timing starts.
    pool.submit([&](int) { startedAt.store(1); });
    while (startedAt.load() == 0) {
    }
    const clock::Anchor a = clock::takeAnchor();
    for (auto _ : state) {
        startedAt.store(0);
        const clock::Ticks submitted = clock::ticks();
        pool.submit([&](int) { startedAt.store(clock::ticks(), std::memory_order_release); });
        clock::Ticks started = 0;
        while ((started = startedAt.load(std::memory_order_acquire)) == 0) {
        }
        latencies.push_back(started - submitted);
        // Let the worker go back to sleep, as it would between real submissions.
        state.PauseTiming();
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        state.ResumeTiming();
    }
    const clock::TickMapping mapping(a, clock::takeAnchor());
    std::sort(latencies.begin(), latencies.end());
    const clock::Ticks median = latencies[latencies.size() / 2];
    const clock::Ticks p90 = latencies[latencies.size() * 9 / 10];
    state.counters["median_us"] = double(mapping.toRelativeNs(a.ticks + median)) / 1e3;
    state.counters["p90_us"] = double(mapping.toRelativeNs(a.ticks + p90)) / 1e3;
}
BENCHMARK(BM_PoolDispatch)->Iterations(3000)->UseRealTime();

// For comparison: what threads mode pays per call to start and join an OS thread.
void BM_ThreadCreateJoin(benchmark::State &state)
{
    for (auto _ : state)
        std::thread([] {}).join();
}
BENCHMARK(BM_ThreadCreateJoin)->UseRealTime();

// The interpreter's inner loop: a local added to in a for over range(), as in
//   def loop(n): x = 0; for i in range(n): x += i; return x
// run as a real call in sequential mode (the engine's host, its stop checks and all), and
// reported as nanoseconds per iteration, the best of the runs.
constexpr std::int64_t kLoopIterations = 5'000'000;

void BM_InterpLoop(benchmark::State &state)
{
    const auto parsed = parseWorkload(QByteArray(R"json({"name": "loop",
            "functions": {"loop(n)": ["x = 0", {"for": "i in range(n)", "do": ["x += i"]},
                                      "return x"]},
            "calls": ["loop(5_000_000)"]})json"),
                                      QStringLiteral("loop.json"));
    double best = 1e9;
    for (auto _ : state) {
        Recorder recorder;
        StopSource stop;
        const RunResult r = execute(*parsed.workload, {}, recorder, stop);
        std::int64_t started = 0, finished = 0;
        for (const Event &e : r.trace.events) {
            started = e.kind == EventKind::TaskStarted ? e.timeNs : started;
            finished = e.kind == EventKind::TaskFinished ? e.timeNs : finished;
        }
        best = std::min(best, double(finished - started) / double(kLoopIterations));
    }
    state.counters["ns_per_iteration"] = best;
}
BENCHMARK(BM_InterpLoop)->Iterations(5)->UseRealTime();

// The same loop in CPython on this machine, in the same benchmark run; skipped (and its figure
// left out) when there is no python3.
void BM_CPythonLoop(benchmark::State &state)
{
    const QString program = QStringLiteral("import time\n"
                                           "def loop(n):\n"
                                           "    x = 0\n"
                                           "    for i in range(n):\n"
                                           "        x += i\n"
                                           "    return x\n"
                                           "t = time.perf_counter()\n"
                                           "loop(%1)\n"
                                           "print(time.perf_counter() - t)\n")
                                .arg(kLoopIterations);
    double best = 1e9;
    for (auto _ : state) {
        const auto seconds = bench::pythonSeconds(program);
        if (!seconds) {
            state.SkipWithError("python3 not found or failed");
            return;
        }
        best = std::min(best, *seconds * 1e9 / double(kLoopIterations));
    }
    state.counters["ns_per_iteration"] = best;
}
BENCHMARK(BM_CPythonLoop)->Iterations(5)->UseRealTime();

double medianMs(const std::vector<double> &samples)
{
    return bench::median(samples);
}

// QProcess::start() of interleave-worker until its ready frame has been read: what a
// processes-mode run pays per worker before the first call can go out.
void BM_WorkerReady(benchmark::State &state)
{
    const QString exe = findWorkerExecutable();
    if (exe.isEmpty()) {
        state.SkipWithError("interleave-worker not found");
        return;
    }
    const QByteArray quit = QByteArray::fromStdString(wire::encodeFrame(wire::FrameType::Quit, {}));
    std::vector<double> samples;
    for (auto _ : state) {
        QProcess process;
        const std::int64_t t0 = clock::monotonicNs();
        process.start(exe, {});
        wire::FrameReader reader;
        wire::Frame frame;
        bool ready = false;
        while (!ready && process.waitForReadyRead(5000)) {
            const QByteArray data = process.readAllStandardOutput();
            reader.feed(data.constData(), std::size_t(data.size()));
            ready = reader.next(frame) == wire::FrameReader::Status::Frame &&
                    frame.type == wire::FrameType::Ready;
        }
        const std::int64_t t1 = clock::monotonicNs();
        if (!ready) {
            state.SkipWithError("worker did not report ready");
            return;
        }
        samples.push_back(double(t1 - t0) / 1e6);
        state.PauseTiming();
        process.write(quit);
        process.closeWriteChannel();
        process.waitForFinished();
        state.ResumeTiming();
    }
    state.counters["median_ms"] = medianMs(samples);
}
BENCHMARK(BM_WorkerReady)->Iterations(300)->UseRealTime();

// The floor: posix_spawn of /bin/true until waitpid has reaped it.
void BM_PosixSpawnTrue(benchmark::State &state)
{
    char arg0[] = "/bin/true";
    char *argv[] = {arg0, nullptr};
    std::vector<double> samples;
    for (auto _ : state) {
        const std::int64_t t0 = clock::monotonicNs();
        pid_t pid = 0;
        if (posix_spawn(&pid, "/bin/true", nullptr, nullptr, argv, environ) != 0) {
            state.SkipWithError("posix_spawn failed");
            return;
        }
        int status = 0;
        waitpid(pid, &status, 0);
        samples.push_back(double(clock::monotonicNs() - t0) / 1e6);
    }
    state.counters["median_ms"] = medianMs(samples);
}
BENCHMARK(BM_PosixSpawnTrue)->Iterations(300)->UseRealTime();

// A full-view replot of a 1600x900 timeline holding `spans` synthetic spans over 16 rows:
// spans of 0.1-10 us of every kind with gaps between, as a long, busy run would record.
void replotBenchmark(benchmark::State &state, std::size_t spans)
{
    constexpr int kRows = 16;
    Trace trace;
    for (int r = 0; r < kRows; ++r)
        trace.tracks.push_back(
            {TrackId(std::uint32_t(r)), Pid(1), Tid(100 + r), QStringLiteral("Thread-%1").arg(r)});
    trace.spans.reserve(spans);
    std::uint64_t seed = 12345;
    const auto next = [&seed] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return seed >> 33;
    };
    std::vector<std::int64_t> clock(kRows, 0);
    for (std::size_t i = 0; i < spans; ++i) {
        const auto r = std::size_t(i % kRows);
        clock[r] += std::int64_t(next() % 2'000);
        const std::int64_t length = 100 + std::int64_t(next() % 9'900);
        trace.spans.push_back({TrackId(std::uint32_t(r)), TaskId(0),
                               SpanKind(next() % kSpanKindCount), clock[r], clock[r] + length});
        clock[r] += length;
    }
    ui::TimelineView view;
    view.resize(1600, 900);
    view.show();
    std::stable_sort(trace.spans.begin(), trace.spans.end(),
                     [](const Span &a, const Span &b) { return a.track < b.track; });
    view.showTrace(std::make_shared<const Trace>(std::move(trace)), Pid(1));
    view.fitAll();
    view.replot(QCustomPlot::rpImmediateRefresh);
    std::vector<double> samples;
    for (auto _ : state) {
        const std::int64_t t0 = clock::monotonicNs();
        view.replot(QCustomPlot::rpImmediateRefresh);
        samples.push_back(double(clock::monotonicNs() - t0) / 1e6);
    }
    state.counters["median_ms"] = medianMs(samples);
    state.counters["spans"] = double(view.data().spanCount());
    // To look at what was measured: INTERLEAVE_BENCH_DUMP=dir writes the view as PNG there.
    if (const QString dir = qEnvironmentVariable("INTERLEAVE_BENCH_DUMP"); !dir.isEmpty())
        view.grab().save(QStringLiteral("%1/replot-%2.png").arg(dir).arg(spans));
}
void BM_Replot1M(benchmark::State &state)
{
    replotBenchmark(state, 1'000'000);
}
void BM_Replot10M(benchmark::State &state)
{
    replotBenchmark(state, 10'000'000);
}
BENCHMARK(BM_Replot1M)->Iterations(30)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Replot10M)->Iterations(30)->UseRealTime()->Unit(benchmark::kMillisecond);

// Collects every run's figures by name, optionally printing the usual table too.
class Collector : public benchmark::ConsoleReporter
{
public:
    explicit Collector(bool print) : m_print(print) {}

    bool ReportContext(const Context &context) override
    {
        return m_print ? ConsoleReporter::ReportContext(context) : true;
    }
    void ReportRuns(const std::vector<Run> &runs) override
    {
        for (const Run &run : runs) {
            if (run.run_type != Run::RT_Iteration)
                continue;
            Figures &f = m_runs[run.benchmark_name()];
            f.realNs = run.GetAdjustedRealTime(); // every benchmark here reports in ns
            for (const auto &[name, counter] : run.counters)
                f.counters[name] = counter.value;
        }
        if (m_print)
            ConsoleReporter::ReportRuns(runs);
    }

    struct Figures
    {
        double realNs = 0;
        std::map<std::string, double> counters;
    };
    double counter(const std::string &name, const std::string &key) const
    {
        const auto &c = get(name).counters;
        const auto it = c.find(key);
        return it == c.end() ? 0.0 : it->second;
    }
    const Figures &get(const std::string &name) const
    {
        static const Figures none;
        const auto it = m_runs.find(name);
        return it == m_runs.end() ? none : it->second;
    }

private:
    bool m_print;
    std::map<std::string, Figures> m_runs;
};

} // namespace

int main(int argc, char **argv)
{
    // Headless unless a display is asked for: the replot benchmarks draw offscreen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv); // QProcess and the timeline want one
    // In the build tree the worker sits beside interleave, not beside this benchmark.
    if (qEnvironmentVariableIsEmpty("INTERLEAVE_WORKER"))
        qputenv("INTERLEAVE_WORKER", INTERLEAVE_WORKER_BUILD_PATH);
    bool json = false;
    std::vector<char *> args;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--json") == 0)
            json = true;
        else
            args.push_back(argv[i]);
    }
    int count = static_cast<int>(args.size());
    benchmark::Initialize(&count, args.data());
    if (benchmark::ReportUnrecognizedArguments(count, args.data()))
        return 2;
    Collector collector(!json);
    benchmark::RunSpecifiedBenchmarks(&collector);
    benchmark::Shutdown();

    // With several threads, real time per iteration is wall time over all threads' iterations
    // together; the cost each thread pays per span is that times the thread count.
    const double span1 = collector.get("BM_RecordSpan/min_time:0.300/real_time/threads:1").realNs;
    const double span2 =
        2 * collector.get("BM_RecordSpan/min_time:0.300/real_time/threads:2").realNs;
    const std::string dispatch = "BM_PoolDispatch/iterations:3000/real_time";
    QJsonObject figures{
        {QStringLiteral("record_span_ns"), std::max(span1, span2)},
        {QStringLiteral("record_span_ns_1_thread"), span1},
        {QStringLiteral("record_span_ns_2_threads"), span2},
        {QStringLiteral("two_ticks_ns"), collector.get("BM_TwoTicks").realNs},
        {QStringLiteral("clock_gettime_ns"), collector.get("BM_ClockGettime").realNs},
        {QStringLiteral("pool_dispatch_us"), collector.counter(dispatch, "median_us")},
        {QStringLiteral("pool_dispatch_p90_us"), collector.counter(dispatch, "p90_us")},
        {QStringLiteral("worker_ready_ms"),
         collector.counter("BM_WorkerReady/iterations:300/real_time", "median_ms")},
        {QStringLiteral("posix_spawn_true_ms"),
         collector.counter("BM_PosixSpawnTrue/iterations:300/real_time", "median_ms")},
        {QStringLiteral("budget_worker_ready_ms"), 1},
        {QStringLiteral("replot_1m_ms"),
         collector.counter("BM_Replot1M/iterations:30/real_time", "median_ms")},
        {QStringLiteral("replot_10m_ms"),
         collector.counter("BM_Replot10M/iterations:30/real_time", "median_ms")},
        {QStringLiteral("budget_replot_1m_ms"), 16},
        {QStringLiteral("budget_replot_10m_ms"), 33},
        {QStringLiteral("thread_create_join_us"),
         collector.get("BM_ThreadCreateJoin/real_time").realNs / 1e3},
        {QStringLiteral("ticks"),
         clock::ticksAreTsc() ? QStringLiteral("tsc") : QStringLiteral("clock_gettime")},
        {QStringLiteral("budget_record_span_ns"), 30},
        {QStringLiteral("budget_pool_dispatch_us"), 10},
        {QStringLiteral("interp_loop_ns"),
         collector.counter("BM_InterpLoop/iterations:5/real_time", "ns_per_iteration")},
    };
    // The costs that grow with the work (scale_bench.cpp), each with its goal or floor.
    const auto scale = [&](const char *benchmark, const char *key) {
        return collector.counter(benchmark, key);
    };
    const char *calls = "BM_CallOverhead/iterations:5/real_time";
    const char *memory = "BM_MemoryPerSpan/iterations:1/real_time";
    const char *files = "BM_TraceFiles/iterations:1/real_time";
    const char *startup = "BM_Startup/iterations:15/real_time";
    const char *live = "BM_LiveFrame/iterations:1/real_time";
    const char *busy = "BM_Busy64/iterations:1/real_time";
    const std::initializer_list<std::pair<const char *, QJsonValue>> scaleFigures{
        {"call_overhead_ns", scale(calls, "ns_per_call")},
        {"budget_call_overhead_ns", 1000},
        {"cpython_call_ns", scale("BM_CPythonCall/iterations:5/real_time", "ns_per_call")},
        {"spans_per_call", scale(calls, "spans_per_call")},
        {"bytes_per_span", scale(memory, "window_bytes_per_span")},
        {"bytes_per_call", scale(memory, "window_bytes_per_call")},
        {"cli_bytes_per_span", scale(memory, "cli_bytes_per_span")},
        {"cli_bytes_per_call", scale(memory, "cli_bytes_per_call")},
        {"budget_bytes_per_span", 48},
        {"trace_write_mb_s", scale(files, "trace_write_mb_s")},
        {"trace_write_extra_mb", scale(files, "trace_write_extra_mb")},
        {"json_write_mb_s", scale(files, "json_write_mb_s")},
        {"json_write_extra_mb", scale(files, "json_write_extra_mb")},
        {"trace_read_mb_s", scale(files, "trace_read_mb_s")},
        {"write_floor_mb_s", scale(files, "write_floor_mb_s")},
        {"trace_file_mb", scale(files, "trace_mb")},
        {"budget_write_read_mb_s", 200},
        {"budget_write_extra_mb", 16},
        {"startup_ms", scale(startup, "first_paint_ms")},
        {"version_ms", scale(startup, "version_ms")},
        {"budget_startup_ms", 150},
        {"live_frame_ms", scale(live, "p95_ms")},
        {"live_frame_median_ms", scale(live, "median_ms")},
        {"live_spans_per_s", scale(live, "spans_per_s")},
        {"live_ui_cpu_share", scale(live, "ui_cpu_share")},
        {"budget_live_frame_ms", 8},
        {"busy64_tick_gap_p95_ms", scale(busy, "tick_gap_p95_ms")},
        {"budget_busy64_tick_gap_p95_ms", 50},
    };
    for (const auto &[name, value] : scaleFigures)
        figures.insert(QLatin1String(name), value);
    // CPython's figure for the same loop, measured in this run; absent without python3.
    const double cpython =
        collector.counter("BM_CPythonLoop/iterations:5/real_time", "ns_per_iteration");
    if (cpython > 0)
        figures.insert(QStringLiteral("cpython_loop_ns"), cpython);
    else
        figures.insert(QStringLiteral("cpython_loop_note"),
                       QStringLiteral("python3 not found: no CPython figure to compare"));
    std::cout << QJsonDocument(figures)
                     .toJson(json ? QJsonDocument::Compact : QJsonDocument::Indented)
                     .toStdString();
    if (json)
        std::cout << '\n';
    return 0;
}
