// interleave-worker: one worker process of `interleave --mode processes`, like a process of
// Python's multiprocessing. It reads the workload's program once, then calls, from stdin, runs
// them with the same interpreter as the parent's threads, and reports what it does on stdout,
// in the frames of core/base/protocol.h. Deliberately free of Qt: it must be ready in well under a
// millisecond, and loading Qt alone takes longer.

#include "clock.h"
#include "compiler.h"
#include "compute.h"
#include "interpreter.h"
#include "protocol.h"
#include "spankinds.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
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

// The interpreter's host in a worker process: one thread, its own memory, and everything
// worth seeing reported to the parent as frames.
class WorkerHost final : public lang::Host
{
public:
    WorkerHost(std::vector<lang::Value> globals, lang::Buffering buffering, int stdoutFd,
               bool limited)
        : m_globals(std::move(globals)), m_stdout(buffering), m_stdoutFd(stdoutFd),
          m_limited(limited)
    {}

    bool limited() const override { return m_limited; }

    void setTask(std::uint32_t task) { m_task = task; }

    // At exit, as CPython flushes sys.stdout: what is still buffered.
    void flush()
    {
        m_task = kNoTask;
        m_stdout.flush([this](std::string_view bytes) { writeOut(bytes); });
    }

    // Stop comes as a signal from the parent, so there is nothing to check.
    void checkpoint() override {}

    // Each write is a real write(2) to the run's shared stdout pipe, and a frame telling the
    // parent who wrote what and when.
    void print(const std::vector<std::string> &pieces, bool flush) override
    {
        struct NoGil // one thread: nobody to hand the interpreter lock to
        {
            void release() {}
            void take() {}
        } gil;
        m_stdout.print(
            pieces, flush, [this](std::string_view bytes) { writeOut(bytes); }, gil);
    }

    void sleep(double seconds) override
    {
        span(SpanKind::Wait, [&] { sleepFor(std::llround(seconds * 1e9)); });
    }

    std::uint64_t compute(std::uint32_t from, std::uint32_t to) override
    {
        std::uint64_t count = 0;
        span(SpanKind::Compute,
             [&] { count = countPrimes(from, to, [] { return true; }).value_or(0); });
        return count;
    }

    lang::Value loadGlobal(int slot) override { return m_globals[std::size_t(slot)]; }
    void storeGlobal(int slot, const lang::Value &value) override
    {
        m_globals[std::size_t(slot)] = value;
    }

    // A lock of this process alone, and the worker has one thread: never contended, but
    // taking one it already holds is the same mistake as in a thread.
    void acquire(std::uint32_t lock) override
    {
        if (std::find(m_held.begin(), m_held.end(), lock) != m_held.end())
            lang::raise("RuntimeError", "this thread already holds the lock; a threading.Lock "
                                        "is not re-entrant, so Python would wait here for ever");
        m_held.push_back(lock);
    }
    void release(std::uint32_t lock) override
    {
        const auto held = std::find(m_held.begin(), m_held.end(), lock);
        if (held != m_held.end())
            m_held.erase(held);
    }

    // The queue's other end is the parent.
    void put(std::uint32_t queue, const lang::Value &value) override
    {
        const std::string payload = wire::encodeTaskValue({m_task, queue, value}, true);
        if (payload.size() > wire::kMaxPayload)
            lang::raise("MemoryError", "the value is " + std::to_string(payload.size()) +
                                           " bytes, more than a worker process can send back (" +
                                           wire::kMaxPayloadText + ")");
        send(wire::FrameType::QueuePut, payload);
    }
    std::optional<lang::Value> get(std::uint32_t) override
    {
        lang::raise("Empty", "a worker process cannot take from the queue; the parent does");
    }
    std::size_t queueSize(std::uint32_t) override { return 0; }

    std::string threadName() override { return "MainThread"; } // a child's only thread
    std::int64_t threadId() override { return ::gettid(); }
    std::int64_t processId() override { return ::getpid(); }
    double now(bool monotonic) override { return clock::seconds(monotonic); }

private:
    static constexpr std::uint32_t kNoTask = 0xffffffffu;

    void writeOut(std::string_view bytes)
    {
        const std::uint64_t at = clock::ticks();
        lang::writeAll(m_stdoutFd, bytes);
        send(wire::FrameType::Write, wire::encodeTaskText({m_task, at, std::string(bytes)}));
    }

    template <typename F> void span(SpanKind kind, F &&body)
    {
        static_assert(sizeof(SpanKind) == sizeof(std::uint8_t));
        const auto k = static_cast<std::uint8_t>(kind);
        send(wire::FrameType::SpanBegin, wire::encodeSpanEdge({m_task, k, clock::ticks()}));
        body();
        send(wire::FrameType::SpanEnd, wire::encodeSpanEdge({m_task, k, clock::ticks()}));
    }

    std::vector<lang::Value> m_globals;
    lang::StdoutBuffer m_stdout;
    int m_stdoutFd = -1;
    bool m_limited = true;
    std::vector<std::uint32_t> m_held;
    std::uint32_t m_task = 0;
};

// The worker's program, compiled once from the frame that brings it.
struct Loaded
{
    std::shared_ptr<const lang::Program> program;
    std::unique_ptr<WorkerHost> host;
    std::unique_ptr<lang::Interpreter> interpreter;
};

void load(Loaded &loaded, const std::string &payload)
{
    if (loaded.program)
        refuse("a second program frame");
    auto message = wire::decodeProgram(payload);
    if (!message)
        refuse("malformed program frame");
    lang::Compiled compiled = lang::compile(message->source, message->origin);
    if (!compiled.program)
        refuse("the program does not compile: " + compiled.error);
    if (message->globals.size() != compiled.program->globals.size())
        refuse("the program frame has " + std::to_string(message->globals.size()) +
               " globals where the program has " +
               std::to_string(compiled.program->globals.size()));
    loaded.program = std::move(compiled.program);
    loaded.host = std::make_unique<WorkerHost>(std::move(message->globals), message->buffering,
                                               message->stdoutFd, message->limited);
    loaded.interpreter = std::make_unique<lang::Interpreter>(*loaded.program, *loaded.host);
}

void runCall(Loaded &loaded, const std::string &payload)
{
    if (!loaded.program)
        refuse("a call before the program");
    auto call = wire::decodeCall(payload);
    if (!call)
        refuse("malformed call frame");
    const lang::Program &program = *loaded.program;
    if (call->function >= program.functions.size() ||
        call->args.size() != program.functions[call->function].params.size())
        refuse("a call of function " + std::to_string(call->function) + " with " +
               std::to_string(call->args.size()) + " arguments, which the program does not have");
    loaded.host->setTask(call->task);
    send(wire::FrameType::TaskStarted, wire::encodeTaskTime({call->task, clock::ticks()}));
    try {
        lang::Value result = loaded.interpreter->call(int(call->function), std::move(call->args));
        const std::string returned = wire::encodeTaskValue({call->task, 0, result}, false);
        if (returned.size() > wire::kMaxPayload)
            throw lang::RuntimeError{
                program.origin + ": in " + program.functions[call->function].name +
                ": MemoryError: the value it returned is " + std::to_string(returned.size()) +
                " bytes, more than a worker process can send back (" + wire::kMaxPayloadText + ")"};
        send(wire::FrameType::Result, returned);
    } catch (const lang::RuntimeError &e) {
        send(wire::FrameType::CallFailed,
             wire::encodeTaskText({call->task, clock::ticks(), e.message}));
        return;
    }
    send(wire::FrameType::TaskDone, wire::encodeTaskTime({call->task, clock::ticks()}));
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
    // Ctrl-C in a terminal goes to the whole process group: only the parent decides what it
    // means (a stop), and it ends its workers itself. The parent started this process with
    // SIGINT blocked, so one that came before this line is pending: ignored, it is dropped.
    std::signal(SIGINT, SIG_IGN);
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    ::sigprocmask(SIG_UNBLOCK, &interrupt, nullptr);

    send(wire::FrameType::Ready,
         wire::encodeReady({::getpid(), ::gettid(), clock::ticks(), clock::ticksAreTsc()}));

    wire::FrameReader reader;
    Loaded loaded;
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            // The parent closed our input: it wants us gone, or it is gone.
            if (reader.pending() > 0)
                refuse("input ended inside a frame");
            if (loaded.host)
                loaded.host->flush();
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
            if (frame.type == wire::FrameType::Quit) {
                if (loaded.host)
                    loaded.host->flush();
                return kOk;
            }
            if (frame.type == wire::FrameType::Program)
                load(loaded, frame.payload);
            else if (frame.type == wire::FrameType::Call)
                runCall(loaded, frame.payload);
            else
                refuse(std::string("unexpected frame: ") + wire::typeName(frame.type));
        }
    }
}
