#include "processmode.h"

#include "logging.h"
#include "recorder.h"
#include "runcontext.h"
#include "stopsource.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTimer>

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace interleave {

QString checkWorkerInstalled(Mode mode)
{
    QStringList searched;
    if (!traitsOf(mode).inWorkers || !findWorkerExecutable(&searched).isEmpty())
        return {};
    return QStringLiteral("%1 mode needs interleave-worker, which is not installed (looked for %2)")
        .arg(modeName(mode), searched.join(QStringLiteral(", ")));
}

QString findWorkerExecutable(QStringList *searched)
{
    const QString name = QStringLiteral("interleave-worker");
    QStringList candidates;
    const QString fromEnv = qEnvironmentVariable("INTERLEAVE_WORKER");
    // A worker named explicitly is the only one wanted: a wrong setting must not go unnoticed.
    if (!fromEnv.isEmpty())
        candidates << fromEnv;
    const QString selfDir = QFileInfo(QStringLiteral("/proc/self/exe"))
                                .canonicalFilePath()
                                .section(QLatin1Char('/'), 0, -2);
    if (fromEnv.isEmpty() && !selfDir.isEmpty()) {
        candidates << selfDir + QLatin1Char('/') + name;
        // Installed: bin/interleave finds libexec/interleave/interleave-worker.
        candidates << QDir::cleanPath(selfDir + QStringLiteral("/" INTERLEAVE_WORKER_RELDIR "/") +
                                      name);
    }
    for (const QString &c : candidates) {
        const QFileInfo info(c);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
    }
    if (searched != nullptr)
        *searched = candidates;
    return {};
}

struct ProcessMode::Worker
{
    int index = 0;
    QString name;
    QProcess *process = nullptr;
    long long pid = 0;
    TrackWriter *track = nullptr;
    wire::FrameReader reader;
    clock::Ticks startedAt = 0; // just before QProcess::start()
    bool ready = false;
    clock::Ticks freeSince = 0;
    std::optional<std::uint32_t> task; // the call it holds
    std::optional<wire::SpanEdge> open;
    bool quitSent = false;
    bool exited = false;
    QByteArray stderrPartial;    // the start of a line not finished yet
    qsizetype stderrScanned = 0; // how much of it is known to hold no newline
    qint64 stderrKept = 0;       // bytes of error output recorded as events
    int stderrLines = 0;
    qint64 stderrDropped = 0; // bytes past the cap
    QStringList stderrTail;
    std::int64_t heardNs = 0; // when it last sent a frame
    bool silenceReported = false;
};

namespace {

// A worker's error output is kept up to this much; the rest is counted, not stored.
constexpr qint64 kStderrBytes = 1 << 20;
constexpr int kStderrLines = 10'000;
constexpr qsizetype kStderrLineBytes = 64 * 1024; // a longer line is cut into pieces
// A worker holding a call but silent (no frame, no open wait or compute) this long is named.
constexpr std::int64_t kSilenceNs = 10'000'000'000;

// How long a worker has to say it is ready: $INTERLEAVE_WORKER_TIMEOUT seconds, else 5.
int readyTimeoutMs()
{
    bool ok = false;
    const double s = qEnvironmentVariable("INTERLEAVE_WORKER_TIMEOUT").toDouble(&ok);
    return ok && s > 0 && s < 3600 ? int(s * 1000) : 5000;
}

// True when the process is stopped by a signal: state T in /proc/PID/stat.
bool isStopped(long long pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.read(512);
    const qsizetype paren = text.lastIndexOf(')'); // the name may hold spaces and parentheses
    return paren >= 0 && paren + 2 < text.size() && text[paren + 2] == 'T';
}

QString signalName(int signal)
{
    const char *abbrev = sigabbrev_np(signal);
    return abbrev != nullptr ? QStringLiteral("SIG") + QString::fromLatin1(abbrev)
                             : QString::number(signal);
}

} // namespace

ProcessMode::ProcessMode(RunContext &context, TrackWriter &main, int workers, QString executable)
    : m_ctx(context), m_main(main), m_maxWorkers(workers), m_executable(std::move(executable)),
      m_submittedAt(context.calls.size(), 0)
{}

ProcessMode::~ProcessMode() = default;

void ProcessMode::run()
{
    m_loop = std::make_unique<QEventLoop>();
    // The stop source is shared with other threads; polling it from this thread's loop keeps
    // every QProcess call on the thread that owns the processes.
    QTimer stopPoll;
    stopPoll.setInterval(5);
    QObject::connect(&stopPoll, &QTimer::timeout, this, [this] {
        if (m_ctx.stop.stopRequested() && !m_stopping)
            stopAll();
        noticeSilence();
    });
    stopPoll.start();

    const int count = std::min<int>(m_maxWorkers, static_cast<int>(m_ctx.calls.size()));
    for (int i = 0; i < count && !m_stopping; ++i)
        startWorker(i);
    if (!m_stopping)
        submitNext();
    checkDone();
    if (!m_workers.empty() &&
        !std::all_of(m_workers.begin(), m_workers.end(), [](const auto &w) { return w->exited; })) {
        // The main thread waits for its workers' results, as Pool.map() blocks.
        m_main.begin(TaskId(), SpanKind::Join, clock::ticks());
        m_loop->exec();
        m_main.end(clock::ticks());
    }
}

void ProcessMode::startWorker(int index)
{
    auto w = std::make_unique<Worker>();
    Worker &worker = *w;
    worker.index = index;
    worker.name = QStringLiteral("Process-%1").arg(index + 1);
    worker.process = new QProcess(this);
    worker.process->setProcessChannelMode(QProcess::SeparateChannels);
    m_workers.push_back(std::move(w));

    QObject::connect(worker.process, &QProcess::readyReadStandardOutput, this,
                     [this, &worker] { readFrames(worker); });
    QObject::connect(worker.process, &QProcess::readyReadStandardError, this,
                     [this, &worker] { readErrors(worker, false); });
    QObject::connect(worker.process, &QProcess::finished, this,
                     [this, &worker](int code, QProcess::ExitStatus status) {
                         onFinished(worker, code, status == QProcess::CrashExit);
                     });
    QObject::connect(worker.process, &QProcess::errorOccurred, this,
                     [this, &worker](QProcess::ProcessError error) {
                         if (error != QProcess::FailedToStart || worker.exited)
                             return; // crashes and pipe errors end in finished(), handled there
                         worker.exited = true; // no finished() follows a failed start
                         if (!m_stopping) {
                             m_ctx.fail(QStringLiteral("could not start worker process %1: %2")
                                            .arg(m_executable, worker.process->errorString()));
                             stopAll();
                         }
                         checkDone();
                     });

    // Its stdout is the run's pipe, as a multiprocessing child shares its parent's terminal.
    // The pipe is inherited: close-on-exec is off only while this worker starts. (A child
    // modifier would do it in the child instead, but forces a full fork of this process,
    // 3-9 ms a worker instead of well under one.) Workers are started one at a time, on this
    // thread, and nothing else in interleave starts processes during a run.
    // SIGINT is blocked on this thread while the worker starts, so the worker begins with it
    // blocked and a Ctrl-C to the process group cannot kill it before it ignores SIGINT (this
    // process's other threads still take the signal).
    const int stdoutFd = m_ctx.out.writeFd();
    ::fcntl(stdoutFd, F_SETFD, 0);
    sigset_t interrupt;
    sigset_t before;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    ::pthread_sigmask(SIG_BLOCK, &interrupt, &before);
    worker.startedAt = clock::ticks();
    worker.process->start(m_executable, {}, QIODevice::ReadWrite | QIODevice::Unbuffered);
    ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
    ::fcntl(stdoutFd, F_SETFD, FD_CLOEXEC);
    if (worker.exited)
        return; // failed to start; already reported
    worker.pid = worker.process->processId();
    worker.track = &m_ctx.recorder.addTrack(Pid(worker.pid), Tid(0), worker.name);
    worker.track->begin(TaskId(), SpanKind::Startup, worker.startedAt);
    worker.heardNs = clock::monotonicNs();
    const int timeoutMs = readyTimeoutMs();
    QTimer::singleShot(timeoutMs, this, [this, &worker, timeoutMs] {
        if (!worker.ready && !worker.exited)
            workerFailed(worker, QStringLiteral("did not say it was ready within %1 s (is %2 an "
                                                "interleave-worker?)")
                                     .arg(timeoutMs / 1000.0)
                                     .arg(m_executable));
    });
    // The program once, with the globals as they are now, as a fork would copy them; from
    // then on only calls cross the pipe.
    wire::ProgramMessage program;
    program.origin = m_ctx.program.origin;
    program.source = m_ctx.program.source;
    program.globals = m_ctx.memory.snapshot();
    program.buffering = m_ctx.options.buffering;
    program.stdoutFd = stdoutFd;
    program.limited = m_ctx.options.limited;
    const std::string payload = wire::encodeProgram(program);
    if (payload.size() > wire::kMaxPayload) {
        m_ctx.fail(QStringLiteral("the globals are %1 bytes, more than a worker process can be "
                                  "sent (%2)")
                       .arg(payload.size())
                       .arg(QLatin1String(wire::kMaxPayloadText)));
        stopAll();
        return;
    }
    worker.process->write(
        QByteArray::fromStdString(wire::encodeFrame(wire::FrameType::Program, payload)));
}

void ProcessMode::submitNext()
{
    while (!m_stopping && m_nextSubmit < m_ctx.calls.size()) {
        const CallSpec &call = m_ctx.calls[m_nextSubmit];
        if (call.delayNs > 0 && !m_delayDone) {
            // The caller sleeps before this submission, as in the thread modes.
            const clock::Ticks since = clock::ticks();
            const int ms = static_cast<int>((call.delayNs + 999'999) / 1'000'000);
            QTimer::singleShot(ms, Qt::PreciseTimer, this, [this, since] {
                m_main.span(TaskId(), SpanKind::Wait, since, clock::ticks());
                m_delayDone = true;
                submitNext();
            });
            return;
        }
        m_delayDone = false;
        const auto id = static_cast<std::uint32_t>(m_nextSubmit++);
        m_submittedAt[id] = clock::ticks();
        m_main.event(TaskId(id), EventKind::TaskSubmitted, m_submittedAt[id]);
        m_pending.push_back(id);
    }
    dispatch();
}

void ProcessMode::dispatch()
{
    if (m_stopping)
        return;
    const bool allSubmitted = m_nextSubmit == m_ctx.calls.size();
    for (auto &wp : m_workers) {
        Worker &w = *wp;
        if (!w.ready || w.task || w.quitSent || w.exited)
            continue;
        if (!m_pending.empty()) {
            const std::uint32_t id = m_pending.front();
            m_pending.pop_front();
            w.task = id;
            const CallSpec &call = m_ctx.calls[id];
            const std::string payload =
                wire::encodeCall({id, std::uint32_t(call.function), call.args});
            if (payload.size() > wire::kMaxPayload) {
                m_ctx.fail(QStringLiteral("call %1, %2: its arguments are %3 bytes, more than a "
                                          "worker process can be sent (%4)")
                               .arg(id)
                               .arg(m_ctx.label(id))
                               .arg(payload.size())
                               .arg(QLatin1String(wire::kMaxPayloadText)));
                stopAll();
                return;
            }
            w.process->write(
                QByteArray::fromStdString(wire::encodeFrame(wire::FrameType::Call, payload)));
        } else if (allSubmitted) {
            sendQuit(w);
        }
    }
}

void ProcessMode::sendQuit(Worker &w)
{
    w.quitSent = true;
    w.process->write(QByteArray::fromStdString(wire::encodeFrame(wire::FrameType::Quit, {})));
    w.process->closeWriteChannel();
}

// A worker that holds a call and has said nothing for 10 s outside a wait or a computation
// is stopped or hung: say so on its row, once, so that the user knows to press Stop.
// A stopped worker (SIGSTOP, Ctrl-Z) is named as soon as it is seen, once a second at most.
void ProcessMode::noticeSilence()
{
    const std::int64_t now = clock::monotonicNs();
    if (now - m_lastLookNs < 1'000'000'000)
        return;
    m_lastLookNs = now;
    for (auto &wp : m_workers) {
        Worker &w = *wp;
        if (w.exited || w.silenceReported)
            continue;
        const bool stopped = isStopped(w.pid);
        const bool silent = !w.open && (!w.ready || w.task) && now - w.heardNs >= kSilenceNs;
        if (!stopped && !silent)
            continue;
        w.silenceReported = true;
        const QString why = stopped ? QStringLiteral("is stopped (SIGSTOP or Ctrl-Z)")
                                    : QStringLiteral("has not answered for %1 s")
                                          .arg((now - w.heardNs) / 1'000'000'000);
        w.track->event(w.task ? TaskId(*w.task) : TaskId(), EventKind::ErrorOutput, clock::ticks(),
                       QStringLiteral("interleave: %1 (pid %2) %3; Stop ends the run")
                           .arg(w.name)
                           .arg(w.pid)
                           .arg(why));
    }
}

void ProcessMode::readFrames(Worker &w)
{
    const QByteArray data = w.process->readAllStandardOutput();
    if (!data.isEmpty()) {
        w.heardNs = clock::monotonicNs();
        w.silenceReported = false;
    }
    w.reader.feed(data.constData(), std::size_t(data.size()));
    wire::Frame frame;
    for (;;) {
        switch (w.reader.next(frame)) {
        case wire::FrameReader::Status::NeedMore:
            return;
        case wire::FrameReader::Status::Error:
            workerFailed(w, QStringLiteral("sent a bad frame (%1)")
                                .arg(QString::fromStdString(w.reader.error())));
            return;
        case wire::FrameReader::Status::Frame:
            if (!handleFrame(w, frame)) {
                workerFailed(w, QStringLiteral("sent a malformed %1 frame")
                                    .arg(QLatin1String(wire::typeName(frame.type))));
                return;
            }
            break;
        }
    }
}

bool ProcessMode::handleFrame(Worker &w, const wire::Frame &frame)
{
    if (w.exited && m_stopping)
        return true;
    switch (frame.type) {
    case wire::FrameType::Ready:
        return onReady(w, frame.payload);
    case wire::FrameType::TaskStarted:
    case wire::FrameType::SpanBegin:
    case wire::FrameType::SpanEnd:
    case wire::FrameType::TaskDone:
        return onTaskProgress(w, frame);
    case wire::FrameType::Write:
    case wire::FrameType::Result:
    case wire::FrameType::QueuePut:
    case wire::FrameType::CallFailed:
        return onTaskOutput(w, frame);
    case wire::FrameType::Error: {
        wire::Decoder d(frame.payload);
        const std::string why = d.str();
        workerFailed(w, QStringLiteral("refused its input: %1").arg(QString::fromStdString(why)));
        return true;
    }
    case wire::FrameType::Program:
    case wire::FrameType::Call:
    case wire::FrameType::Quit:
        return false; // only the parent sends these
    }
    return false;
}

bool ProcessMode::onReady(Worker &w, std::string_view payload)
{
    const auto r = wire::decodeReady(payload);
    if (!r || w.ready)
        return false;
    if (r->ticksAreTsc != clock::ticksAreTsc()) {
        workerFailed(w, QStringLiteral("reads a different clock than interleave"));
        return true;
    }
    w.ready = true;
    w.track->setTid(Tid(r->tid));
    w.track->end(r->ticks); // the startup span
    w.freeSince = r->ticks;
    dispatch();
    return true;
}

// A call's course on its worker: started, its spans, done.
bool ProcessMode::onTaskProgress(Worker &w, const wire::Frame &frame)
{
    const auto holds = [&w](std::uint32_t task) { return w.task && *w.task == task; };
    if (frame.type == wire::FrameType::SpanBegin || frame.type == wire::FrameType::SpanEnd) {
        const auto e = wire::decodeSpanEdge(frame.payload);
        if (!e || !holds(e->task))
            return false;
        if (frame.type == wire::FrameType::SpanBegin) {
            if (e->kind >= kSpanKinds.size() || !kSpanKinds[e->kind].sentByWorkers || w.open)
                return false;
            w.open = e;
            w.track->begin(TaskId(e->task), SpanKind(e->kind), e->ticks);
            return true;
        }
        if (!w.open || w.open->kind != e->kind || e->ticks < w.open->ticks)
            return false;
        w.track->end(e->ticks);
        w.open.reset();
        return true;
    }
    const auto t = wire::decodeTaskTime(frame.payload);
    if (!t || !holds(t->task))
        return false;
    if (frame.type == wire::FrameType::TaskStarted) {
        w.track->span(TaskId(t->task), SpanKind::Queued,
                      std::max(m_submittedAt[t->task], w.freeSince), t->ticks);
        w.track->event(TaskId(t->task), EventKind::TaskStarted, t->ticks);
        // Between its waits and computations the worker runs the call's own statements.
        w.track->setBackground(TaskId(t->task), SpanKind::Python, t->ticks);
        return true;
    }
    if (w.open)
        return false;
    w.track->clearBackground(t->ticks);
    w.track->event(TaskId(t->task), EventKind::TaskFinished, t->ticks);
    w.task.reset();
    w.freeSince = t->ticks;
    dispatch();
    return true;
}

// What a call hands back: its writes, its result, what it puts on a queue, its failure.
bool ProcessMode::onTaskOutput(Worker &w, const wire::Frame &frame)
{
    const auto holds = [&w](std::uint32_t task) { return w.task && *w.task == task; };
    if (frame.type == wire::FrameType::Write || frame.type == wire::FrameType::CallFailed) {
        const auto t = wire::decodeTaskText(frame.payload);
        // Writes come between calls too: a block-buffered worker flushes when it exits.
        const bool between =
            frame.type == wire::FrameType::Write && t && t->task == TaskId::kInvalid;
        if (!t || (!holds(t->task) && !between))
            return false;
        if (frame.type == wire::FrameType::Write) {
            m_ctx.out.recordWrite(*w.track, TaskId(t->task), t->ticks, t->text);
        } else {
            m_ctx.fail(QString::fromStdString(t->text));
            stopAll();
        }
        return true;
    }
    const bool put = frame.type == wire::FrameType::QueuePut;
    auto v = wire::decodeTaskValue(frame.payload, put);
    if (!v || !holds(v->task) || (put && v->queue >= m_ctx.program.queues))
        return false;
    if (put)
        m_ctx.memory.put(v->queue, std::move(v->value)); // the parent's end: what `after` reads
    else
        m_ctx.results[v->task] = std::move(v->value);
    return true;
}

// Linear in what arrives: a line is looked for only in bytes not scanned before, and a line
// without an end is cut every 64 KiB.
void ProcessMode::readErrors(Worker &w, bool flush)
{
    QByteArray &buf = w.stderrPartial;
    buf += w.process->readAllStandardError();
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = buf.indexOf('\n', std::max(start, w.stderrScanned));
        const qsizetype left = buf.size() - start;
        qsizetype end = nl;
        if (nl < 0 && (left >= kStderrLineBytes || (flush && left > 0)))
            end = start + std::min(left, kStderrLineBytes);
        else if (nl >= 0 && nl - start > kStderrLineBytes)
            end = start + kStderrLineBytes;
        if (end < 0)
            break;
        const bool whole = end == nl;
        keepErrorLine(w, QByteArrayView(buf).sliced(start, end - start), whole);
        start = end + (whole ? 1 : 0);
    }
    buf.remove(0, start);
    w.stderrScanned = buf.size();
    if (flush && w.stderrDropped > 0) {
        w.track->event(w.task ? TaskId(*w.task) : TaskId(), EventKind::ErrorOutput, clock::ticks(),
                       QStringLiteral("… %1 more bytes of error output dropped (kept are the "
                                      "first %2 lines or 1 MiB)")
                           .arg(w.stderrDropped)
                           .arg(kStderrLines));
        w.stderrDropped = 0;
    }
}

void ProcessMode::keepErrorLine(Worker &w, QByteArrayView bytes, bool ended)
{
    const qint64 size = bytes.size() + (ended ? 1 : 0);
    const QString line = QString::fromLocal8Bit(bytes);
    w.stderrTail << line;
    while (w.stderrTail.size() > 3)
        w.stderrTail.removeFirst();
    // The first lines are kept; once one is dropped, so is everything after it.
    if (w.stderrDropped > 0 || w.stderrLines >= kStderrLines ||
        w.stderrKept + size > kStderrBytes) {
        w.stderrDropped += size;
        return;
    }
    ++w.stderrLines;
    w.stderrKept += size;
    w.track->event(w.task ? TaskId(*w.task) : TaskId(), EventKind::ErrorOutput, clock::ticks(),
                   line);
}

void ProcessMode::closeOpenSpan(Worker &w, clock::Ticks at)
{
    // A wait cut short by a kill, or a start-up that never reached ready: end it on the
    // track, so the live view stops growing it too; and a call's running code with it.
    if (w.track != nullptr) {
        if (w.track->isOpen())
            w.track->end(at);
        w.track->clearBackground(at);
    }
    w.open.reset();
}

void ProcessMode::onFinished(Worker &w, int exitCode, bool crashed)
{
    // Whatever it managed to say before exiting still counts.
    readFrames(w);
    readErrors(w, true);
    const clock::Ticks now = clock::ticks();
    closeOpenSpan(w, now);
    w.exited = true;
    // For a crash, QProcess reports the signal number as the exit code.
    const QString how =
        crashed ? QStringLiteral("killed by signal %1 (%2)").arg(exitCode).arg(signalName(exitCode))
                : QStringLiteral("exited with status %1").arg(exitCode);
    w.track->event(w.task ? TaskId(*w.task) : TaskId(), EventKind::ProcessExited, now, how);
    if (!m_stopping) {
        if (w.reader.pending() > 0)
            workerFailed(w,
                         QStringLiteral("%1 in the middle of a frame (truncated frame)").arg(how));
        else if (crashed || exitCode != 0 || !w.quitSent)
            workerFailed(w, how + (w.quitSent || crashed || exitCode != 0 || !w.ready
                                       ? QString()
                                       : QStringLiteral(" before it was done")));
    }
    checkDone();
}

void ProcessMode::workerFailed(Worker &w, const QString &reason)
{
    if (m_stopping)
        return;
    QString where;
    if (w.task)
        where = QStringLiteral(" while running call %1, %2").arg(*w.task).arg(m_ctx.label(*w.task));
    else if (!w.ready)
        where = QStringLiteral(" before it was ready");
    QString message =
        QStringLiteral("worker process %1 (%2) %3%4").arg(w.pid).arg(w.name, reason, where);
    if (!w.stderrTail.isEmpty())
        message +=
            QStringLiteral("; its last error output: ") + w.stderrTail.join(QStringLiteral(" / "));
    qCDebug(lcEngine).noquote() << message;
    m_ctx.fail(message);
    stopAll();
}

void ProcessMode::stopAll()
{
    if (m_stopping)
        return;
    m_stopping = true;
    const clock::Ticks now = clock::ticks();
    for (auto &wp : m_workers) {
        Worker &w = *wp;
        if (w.exited)
            continue;
        closeOpenSpan(w, now);
        // As multiprocessing's terminate(): SIGTERM, which the worker does not catch.
        w.process->terminate();
    }
    // Should a worker ignore SIGTERM (a stand-in program, say), do not wait for it forever.
    QTimer::singleShot(150, this, [this] {
        for (auto &wp : m_workers) {
            if (!wp->exited)
                wp->process->kill();
        }
    });
    checkDone();
}

void ProcessMode::checkDone()
{
    for (const auto &w : m_workers) {
        if (!w->exited)
            return;
    }
    if (m_loop && m_loop->isRunning())
        m_loop->quit();
}

} // namespace interleave
