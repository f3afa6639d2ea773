// interleave-worker: one worker process of `interleave --mode processes`, like a process of
// Python's multiprocessing. It reads calls from stdin and reports what it does on stdout, in
// the frames of core/protocol.h. Deliberately free of Qt: it must be ready in well under a
// millisecond, and loading Qt alone takes longer.

#include "clock.h"
#include "compute.h"
#include "protocol.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <string>
#include <sys/prctl.h>
#include <unistd.h>

using namespace interleave;

namespace {

enum Exit
{
    kOk = 0,
    kPipeBroken = 3,
    kProtocol = 4
};

void send(wire::FrameType type, const std::string &payload)
{
    const std::string frame = wire::encodeFrame(type, payload);
    const char *p = frame.data();
    std::size_t left = frame.size();
    while (left > 0) {
        const ssize_t n = ::write(STDOUT_FILENO, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            std::_Exit(kPipeBroken); // the parent is gone: nobody to report to
        p += n;
        left -= std::size_t(n);
    }
}

[[noreturn]] void refuse(const std::string &why)
{
    send(wire::FrameType::Error, wire::Encoder().str(why).bytes());
    std::fprintf(stderr, "interleave-worker: %s\n", why.c_str());
    std::_Exit(kProtocol);
}

// A real blocking wait, as time.sleep() is.
void sleepFor(std::int64_t ns)
{
    timespec deadline{};
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += ns / 1'000'000'000;
    deadline.tv_nsec += ns % 1'000'000'000;
    if (deadline.tv_nsec >= 1'000'000'000) {
        ++deadline.tv_sec;
        deadline.tv_nsec -= 1'000'000'000;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nullptr) == EINTR) {
    }
}

// This process's own globals: a worker is a separate process, so nothing it sets here is
// seen by the parent or by any other worker. Only results cross the pipe.
std::map<std::string, long long> s_globals;
// The worker runs its calls on one thread, so thread-locals are simply this thread's.
std::map<std::string, long long> s_locals;

void runTask(const wire::TaskMessage &task)
{
    const std::string pid = std::to_string(::getpid());
    const std::string tid = std::to_string(::gettid());
    std::string primes;
    const auto lookup = [&](std::string_view name) -> std::optional<std::string> {
        if (name == "thread")
            return std::string("MainThread"); // what Python's child process calls its thread
        if (name == "pid")
            return pid;
        if (name == "tid")
            return tid;
        if (name == "primes" && !primes.empty())
            return primes;
        if (name.substr(0, 7) == "global:") {
            const auto it = s_globals.find(std::string(name.substr(7)));
            return std::to_string(it == s_globals.end() ? 0 : it->second);
        }
        if (name.substr(0, 6) == "local:") {
            const auto it = s_locals.find(std::string(name.substr(6)));
            if (it != s_locals.end())
                return std::to_string(it->second);
        }
        return std::nullopt;
    };

    send(wire::FrameType::TaskStarted, wire::encodeTaskTime({task.task, clock::ticks()}));
    // Span kinds as interleave::SpanKind numbers them: Compute = 0, Wait = 1.
    constexpr std::uint8_t kCompute = 0;
    constexpr std::uint8_t kWait = 1;
    for (const wire::WireStep &step : task.steps) {
        switch (step.kind) {
        case wire::WireStep::Kind::Print:
            send(wire::FrameType::Print,
                 wire::encodeTaskText(
                     {task.task, clock::ticks(), wire::fillPlaceholders(step.text, lookup)}));
            break;
        case wire::WireStep::Kind::Wait:
            send(wire::FrameType::SpanBegin,
                 wire::encodeSpanEdge({task.task, kWait, clock::ticks()}));
            sleepFor(step.waitNs);
            send(wire::FrameType::SpanEnd,
                 wire::encodeSpanEdge({task.task, kWait, clock::ticks()}));
            break;
        case wire::WireStep::Kind::Compute: {
            send(wire::FrameType::SpanBegin,
                 wire::encodeSpanEdge({task.task, kCompute, clock::ticks()}));
            // Stop comes as a signal from the parent, so the work itself never checks.
            const auto count = countPrimes(step.primesFrom, step.primesTo, [] { return true; });
            send(wire::FrameType::SpanEnd,
                 wire::encodeSpanEdge({task.task, kCompute, clock::ticks()}));
            primes = std::to_string(count.value_or(0));
            break;
        }
        case wire::WireStep::Kind::Add: {
            // One thread per worker: nothing can come between the read and the write here.
            long long &g = s_globals[step.text];
            for (std::int64_t i = 0; i < step.times; ++i)
                g = g + 1;
            break;
        }
        case wire::WireStep::Kind::Set:
            (step.local ? s_locals : s_globals)[step.text] = step.value;
            break;
        case wire::WireStep::Kind::Lock:
        case wire::WireStep::Kind::Unlock:
            // A mutex in this process alone: uncontended, since the worker has one thread.
            break;
        }
    }
    send(wire::FrameType::Result,
         wire::encodeTaskText(
             {task.task, clock::ticks(), wire::fillPlaceholders(task.result, lookup)}));
    send(wire::FrameType::TaskDone, wire::encodeTaskTime({task.task, clock::ticks()}));
}

} // namespace

int main()
{
    // Die with the parent rather than linger as an orphan if it is killed.
    const pid_t parent = ::getppid();
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent)
        return kPipeBroken;
    std::signal(SIGPIPE, SIG_IGN); // a closed pipe shows up as a failed write instead

    send(wire::FrameType::Ready,
         wire::encodeReady({::getpid(), ::gettid(), clock::ticks(), clock::ticksAreTsc()}));

    wire::FrameReader reader;
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            // The parent closed our input: it wants us gone, or it is gone.
            if (reader.pending() > 0)
                refuse("input ended inside a frame");
            return kOk;
        }
        reader.feed(buffer, std::size_t(n));
        wire::Frame frame;
        for (;;) {
            const auto status = reader.next(frame);
            if (status == wire::FrameReader::Status::NeedMore)
                break;
            if (status == wire::FrameReader::Status::Error)
                refuse(reader.error());
            if (frame.type == wire::FrameType::Quit)
                return kOk;
            if (frame.type != wire::FrameType::Task)
                refuse(std::string("unexpected frame: ") + wire::typeName(frame.type));
            const auto task = wire::decodeTask(frame.payload);
            if (!task)
                refuse("malformed task frame");
            runTask(*task);
        }
    }
}
