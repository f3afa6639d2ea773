// The costs that grow with the work (issue 15): per call, per span in memory, writing and
// reading traces, and starting up. Each reports its figure as a counter that main() names.

#include "atomicfile.h"
#include "benchsupport.h"
#include "chrometrace.h"
#include "engine.h"
#include "jsonwriter.h"
#include "recorder.h"
#include "runjson.h"
#include "stopsource.h"
#include "traceopen.h"

#include <benchmark/benchmark.h>

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

extern char **environ;

using namespace interleave;

namespace {

constexpr int kCalls = 100'000; // as many as a run may make
constexpr int kSpans = 1'000'000;

QByteArray callsWorkload(int calls)
{
    return QStringLiteral("{\"name\": \"calls\", \"globals\": {\"xs\": \"list(range(%1))\"}, "
                          "\"functions\": {\"f(i)\": [\"return i\"]}, "
                          "\"calls\": [{\"map\": \"f\", \"over\": \"xs\"}]}")
        .arg(calls)
        .toUtf8();
}

// One call recording about `spans` compute spans: compute(0, 1) in a loop.
QByteArray spansWorkload(int spans)
{
    return QStringLiteral("{\"name\": \"spans\", \"functions\": {\"f()\": [{\"for\": "
                          "\"i in range(%1)\", \"do\": [\"compute(0, 1)\"]}]}, "
                          "\"calls\": [\"f()\"]}")
        .arg(spans)
        .toUtf8();
}

RunResult runWorkload(const QByteArray &json)
{
    const auto parsed = parseWorkload(json, QStringLiteral("bench.json"));
    Recorder recorder;
    StopSource stop;
    RunOptions options; // sequential
    return execute(*parsed.workload, options, recorder, stop);
}

using bench::median;

// 100,000 calls of `def f(i): return i` in sequential mode through the engine, recorded as in
// a real run: the run's wall time per call.
void BM_CallOverhead(benchmark::State &state)
{
    std::vector<double> samples;
    for (auto _ : state) {
        const RunResult r = runWorkload(callsWorkload(kCalls));
        samples.push_back(double(r.wallNs) / kCalls);
        state.counters["spans_per_call"] = double(r.trace.spans.size()) / kCalls;
        state.counters["events_per_call"] = double(r.trace.events.size()) / kCalls;
    }
    state.counters["ns_per_call"] = median(samples);
}
BENCHMARK(BM_CallOverhead)->Iterations(5)->UseRealTime()->Unit(benchmark::kMillisecond);

// The same calls in CPython on this machine (a for loop calling f), for comparison.
void BM_CPythonCall(benchmark::State &state)
{
    const QString program = QStringLiteral("import time\n"
                                           "def f(i):\n"
                                           "    return i\n"
                                           "t = time.perf_counter()\n"
                                           "for i in range(%1):\n"
                                           "    f(i)\n"
                                           "print(time.perf_counter() - t)\n")
                                .arg(kCalls);
    std::vector<double> samples;
    for (auto _ : state) {
        const auto seconds = bench::pythonSeconds(program);
        if (!seconds) {
            state.SkipWithError("python3 not found or failed");
            return;
        }
        samples.push_back(*seconds * 1e9 / kCalls);
    }
    state.counters["ns_per_call"] = median(samples);
}
BENCHMARK(BM_CPythonCall)->Iterations(5)->UseRealTime();

// Runs interleave and waits for it; its own peak resident memory in bytes (which it reports
// as it exits), or 0. A spawned child's rusage would count the parent's memory too.
double peakRssOf(const std::vector<std::string> &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("INTERLEAVE_SAY_PEAK_MEMORY"), QStringLiteral("1"));
    p.setProcessEnvironment(env);
    p.setStandardOutputFile(QProcess::nullDevice());
    QStringList rest;
    for (std::size_t i = 1; i < args.size(); ++i)
        rest << QString::fromStdString(args[i]);
    p.start(QString::fromStdString(args[0]), rest);
    if (!p.waitForFinished(300000) || p.exitCode() != 0)
        return 0;
    const QByteArray err = p.readAllStandardError();
    const auto at = err.lastIndexOf("peak memory:");
    if (at < 0)
        return 0;
    return err.mid(at + 12).trimmed().split(' ').front().toDouble() * 1024;
}

// Peak memory of `interleave run`, and of the window showing the run, less the same for a
// run of one span or one call: per span over a run of 1,000,000 compute spans, and per call
// over 100,000 trivial calls.
void BM_MemoryPerSpan(benchmark::State &state)
{
    QTemporaryDir dir;
    const auto write = [&](const char *name, const QByteArray &json) {
        return bench::writeWorkload(dir, name, json).toStdString();
    };
    const std::string oneSpan = write("span.json", spansWorkload(1));
    const std::string spans = write("spans.json", spansWorkload(kSpans));
    const std::string oneCall = write("call.json", callsWorkload(1));
    const std::string calls = write("calls.json", callsWorkload(kCalls));
    const std::string exe = INTERLEAVE_BINARY_BUILD_PATH;
    const std::string shot = dir.filePath(QStringLiteral("shot.png")).toStdString();
    const double spanCount = double(runWorkload(spansWorkload(kSpans)).trace.spans.size());
    const auto cli = [&](const std::string &w) {
        return peakRssOf(
            {exe, "run", "--workload", w, "--mode", "sequential", "--quiet", "--no-history"});
    };
    const auto window = [&](const std::string &w) {
        return peakRssOf({exe, "--workload", w, "--mode", "sequential", "--screenshot", shot});
    };
    for (auto _ : state) {
        const double cliSpans = cli(spans), cliOneSpan = cli(oneSpan);
        state.counters["cli_spans_mb"] = cliSpans / 1e6;
        state.counters["cli_one_span_mb"] = cliOneSpan / 1e6;
        state.counters["cli_bytes_per_span"] = (cliSpans - cliOneSpan) / spanCount;
        state.counters["cli_bytes_per_call"] = (cli(calls) - cli(oneCall)) / kCalls;
        state.counters["window_bytes_per_span"] = (window(spans) - window(oneSpan)) / spanCount;
        state.counters["window_bytes_per_call"] = (window(calls) - window(oneCall)) / kCalls;
        state.counters["spans"] = spanCount;
    }
}
BENCHMARK(BM_MemoryPerSpan)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

// This process's resident memory now, and the peak since resetPeak(), in bytes.
double memoryField(const char *field)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field, 0) == 0)
            return std::stod(line.substr(std::string(field).size())) * 1024;
    }
    return 0;
}
void resetPeak()
{
    std::ofstream("/proc/self/clear_refs") << "5";
}

// Writing the Chrome trace and the run JSON of a run of 1,000,000 spans to a file, reading the
// trace back, and the floor: the same bytes with plain write(2) and fsync to the same disk.
void BM_TraceFiles(benchmark::State &state)
{
    const RunResult run = runWorkload(spansWorkload(kSpans));
    QTemporaryDir dir(QDir::currentPath() + QStringLiteral("/bench-XXXXXX"));
    const QString trace = dir.filePath(QStringLiteral("trace.json"));
    const QString json = dir.filePath(QStringLiteral("run.json"));
    const auto timed = [&](const auto &work, double *extraBytes) {
        resetPeak();
        const double before = memoryField("VmRSS:");
        const std::int64_t t0 = clock::monotonicNs();
        work();
        const double seconds = double(clock::monotonicNs() - t0) / 1e9;
        *extraBytes = std::max(0.0, memoryField("VmHWM:") - before);
        return seconds;
    };
    for (auto _ : state) {
        double traceExtra = 0, jsonExtra = 0, readExtra = 0;
        const double traceSeconds = timed([&] { writeChromeTrace(run, trace); }, &traceExtra);
        const double jsonSeconds = timed(
            [&] {
                writeFileAtomically(json, [&](const ByteWriter &out) {
                    JsonWriter writer(out);
                    writeRunJson(run, writer);
                    writer.finish();
                });
            },
            &jsonExtra);
        const double traceMb = double(QFileInfo(trace).size()) / 1e6;
        const double jsonMb = double(QFileInfo(json).size()) / 1e6;
        QString error;
        const double readSeconds = timed([&] { openTraceFile(trace, &error); }, &readExtra);
        // The floor: as many bytes in 1 MiB writes, then fsync, as the atomic writer does.
        const std::string buffer(1 << 20, 'x');
        const QString floorPath = dir.filePath(QStringLiteral("floor.bin"));
        double floorExtra = 0;
        const double floorSeconds = timed(
            [&] {
                const int fd = ::open(floorPath.toLocal8Bit().constData(),
                                      O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
                for (double left = traceMb * 1e6; left > 0; left -= double(buffer.size()))
                    (void)!::write(fd, buffer.data(),
                                   std::size_t(std::min(left, double(buffer.size()))));
                ::fsync(fd);
                ::close(fd);
            },
            &floorExtra);
        state.counters["trace_mb"] = traceMb;
        state.counters["trace_write_mb_s"] = traceMb / traceSeconds;
        state.counters["trace_write_extra_mb"] = traceExtra / 1e6;
        state.counters["json_mb"] = jsonMb;
        state.counters["json_write_mb_s"] = jsonMb / jsonSeconds;
        state.counters["json_write_extra_mb"] = jsonExtra / 1e6;
        state.counters["trace_read_mb_s"] = traceMb / readSeconds;
        state.counters["write_floor_mb_s"] = traceMb / floorSeconds;
        state.counters["spans"] = double(run.trace.spans.size());
    }
}
BENCHMARK(BM_TraceFiles)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

// From posix_spawn to the child's first line on stdout (or its exit): `interleave --version`,
// and the window told to say when it has first painted.
double msToFirstLine(const std::vector<std::string> &args, const char *env)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return 0;
    std::vector<char *> argv;
    for (const std::string &a : args)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<std::string> envStrings;
    for (char **e = environ; *e != nullptr; ++e)
        envStrings.emplace_back(*e);
    if (env != nullptr)
        envStrings.emplace_back(env);
    std::vector<char *> envp;
    for (std::string &e : envStrings)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    const std::int64_t t0 = clock::monotonicNs();
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (spawned != 0) {
        ::close(fds[0]);
        return 0;
    }
    char c = 0;
    while (::read(fds[0], &c, 1) == 1 && c != '\n') {
    }
    const double ms = double(clock::monotonicNs() - t0) / 1e6;
    ::close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return ms;
}

void BM_Startup(benchmark::State &state)
{
    const std::string exe = INTERLEAVE_BINARY_BUILD_PATH;
    std::vector<double> version, paint;
    for (auto _ : state) {
        version.push_back(msToFirstLine({exe, "--version"}, nullptr));
        paint.push_back(msToFirstLine({exe, "--no-history"}, "INTERLEAVE_SAY_FIRST_PAINT=1"));
    }
    state.counters["version_ms"] = median(version);
    state.counters["first_paint_ms"] = median(paint);
}
BENCHMARK(BM_Startup)->Iterations(15)->UseRealTime()->Unit(benchmark::kMillisecond);

} // namespace
