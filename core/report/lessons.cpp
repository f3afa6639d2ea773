#include "lessons.h"

#include "text.h"

#include "interpreter.h"
#include "statistics.h"

#include <algorithm>
#include <cmath>

#include <set>

namespace interleave {

namespace {

// A fact the run cannot tell (a speedup without a sequential run): the expectation is skipped.
struct Unknown
{
    bool speedup = false;
};

// What an expectation may read: facts about the finished run and its main process's globals.
// Everything else a program could do is refused.
class FactHost final : public lang::Host
{
public:
    FactHost(const RunResult &r, std::optional<std::int64_t> sequentialNs)
        : m_result(r), m_sequentialNs(sequentialNs)
    {}

    lang::Value fact(lang::Fact f) override
    {
        using lang::Value;
        const RunResult &r = m_result;
        switch (f) {
        case lang::Fact::Mode:
            return Value::str(modeName(r.mode()).toStdString());
        case lang::Fact::Gil:
            return Value::boolean(r.options.gil);
        case lang::Fact::SwitchInterval:
            return Value::floating(r.options.switchIntervalMs);
        case lang::Fact::Workers:
            return Value::integer(r.workers);
        case lang::Fact::Cores:
            return Value::integer(defaultWorkers());
        case lang::Fact::Wall:
            return Value::floating(double(r.wallNs) / 1e9);
        case lang::Fact::Speedup:
            if (!m_sequentialNs || r.wallNs <= 0)
                throw Unknown{true};
            return Value::floating(double(*m_sequentialNs) / double(r.wallNs));
        case lang::Fact::Output: {
            lang::ValueList lines;
            for (const Event *e : r.trace.output())
                lines.push_back(Value::str(e->text.toStdString()));
            return Value::list(std::move(lines));
        }
        case lang::Fact::Results:
            return Value::list(r.results);
        }
        throw Unknown{};
    }

    double took(const std::string &function) override
    {
        const auto &info = m_result.trace.info;
        for (std::size_t i = 0; info && i < info->calls.size(); ++i) {
            if (info->calls[i].function.toStdString() != function)
                continue;
            std::optional<std::int64_t> start, end;
            for (const Event &e : m_result.trace.events) {
                if (e.task == TaskId(std::uint32_t(i)) && e.kind == EventKind::TaskStarted)
                    start = e.timeNs;
                if (e.task == TaskId(std::uint32_t(i)) && e.kind == EventKind::TaskFinished)
                    end = e.timeNs;
            }
            if (start && end)
                return double(*end - *start) / 1e9;
        }
        throw Unknown{};
    }

    lang::Value loadGlobal(int slot) override
    {
        if (std::size_t(slot) >= m_result.globals.size())
            throw Unknown{};
        return m_result.globals[std::size_t(slot)];
    }

    [[noreturn]] static void refuse() { lang::raise("TypeError", "not in an expectation"); }
    void checkpoint() override {}
    void print(const std::vector<std::string> &, bool) override { refuse(); }
    void sleep(double) override { refuse(); }
    std::uint64_t compute(std::uint32_t, std::uint32_t) override { refuse(); }
    void storeGlobal(int, const lang::Value &) override { refuse(); }
    void acquire(std::uint32_t) override { refuse(); }
    void release(std::uint32_t) override { refuse(); }
    void put(std::uint32_t, const lang::Value &) override { refuse(); }
    std::optional<lang::Value> get(std::uint32_t) override { refuse(); }
    std::size_t queueSize(std::uint32_t) override { refuse(); }
    std::string threadName() override { return "MainThread"; }
    std::int64_t threadId() override { return m_result.pid.value(); }
    std::int64_t processId() override { return m_result.pid.value(); }
    double now(bool) override { refuse(); }

private:
    const RunResult &m_result;
    std::optional<std::int64_t> m_sequentialNs;
};

// The facts and globals an expectation reads, with their values: "speedup = 1.54".
QString valuesUsed(const lang::Expr &e, const lang::Program &program, lang::Interpreter &in)
{
    std::set<std::string> seen;
    QStringList parts;
    const auto visit = [&](const auto &self, const lang::Expr &x) -> void {
        std::string name;
        if (x.op == lang::Expr::Op::Fact)
            name = lang::factName(lang::Fact(x.slot));
        else if (x.op == lang::Expr::Op::Global)
            name = program.globals[std::size_t(x.slot)];
        if (!name.empty() && seen.insert(name).second) {
            std::string value;
            try {
                const lang::Value v = in.evaluate(x);
                value =
                    v.kind() == lang::Value::Kind::Float ? lang::formatValue(v, ".2f") : v.repr();
            } catch (...) {
                value = "unknown";
            }
            parts << QStringLiteral("%1 = %2").arg(QString::fromStdString(name),
                                                   QString::fromStdString(value).left(80));
        }
        for (const lang::Expr &k : x.kids)
            self(self, k);
    };
    visit(visit, e);
    return parts.join(QStringLiteral(", "));
}

} // namespace

Lesson explainRun(const RunResult &r, std::optional<std::int64_t> sequentialNs)
{
    if (!r.ok() || !r.program)
        return {};
    FactHost host(r, sequentialNs);
    lang::Interpreter in(*r.program, host);
    bool needsSequential = false;
    for (const lang::Expectation &x : r.program->expectations) {
        try {
            if (x.when && !in.evaluate(*x.when).truthy())
                continue;
            if (in.evaluate(x.that).truthy())
                return {QString::fromStdString(in.evaluate(x.says).asStr()), false};
            if (x.otherwise)
                return {QString::fromStdString(in.evaluate(*x.otherwise).asStr()), true};
            return {QStringLiteral("This run did not show the lesson: expected %1, but %2.")
                        .arg(QString::fromStdString(x.source), valuesUsed(x.that, *r.program, in)),
                    true};
        } catch (const Unknown &unknown) {
            needsSequential = needsSequential || unknown.speedup;
            continue;
        } catch (const lang::RuntimeError &e) {
            return {QStringLiteral("An expectation could not be checked: %1")
                        .arg(QString::fromStdString(e.message)),
                    true};
        }
    }
    Lesson none;
    none.needsSequential = needsSequential;
    return none;
}

const RunResult *medianRun(const std::vector<const RunResult *> &runs)
{
    if (runs.empty())
        return nullptr;
    std::vector<const RunResult *> sorted = runs;
    std::sort(sorted.begin(), sorted.end(),
              [](const RunResult *a, const RunResult *b) { return a->wallNs < b->wallNs; });
    return sorted[(sorted.size() - 1) / 2];
}

Spread wallSpreadMs(const std::vector<const RunResult *> &runs)
{
    std::vector<double> walls;
    for (const RunResult *r : runs)
        walls.push_back(double(r->wallNs) / 1e6);
    return spreadOf(walls);
}

namespace {

// "other programs used 1.3 cores", or nothing when the run could not tell.
QString othersText(const RunResult &r)
{
    if (!r.othersCpuNs || r.wallNs <= 0)
        return QStringLiteral("the machine was busy");
    return QStringLiteral("other programs used %1 of %2 cores")
        .arg(double(*r.othersCpuNs) / double(r.wallNs), 0, 'f', 1)
        .arg(r.cores);
}

} // namespace

namespace {

// "3 runs disagree by 49 %: other programs used 1.4 of 2 cores; run again.", or nothing when
// the runs agree well enough to judge by.
QString disagreement(const std::vector<const RunResult *> &runs, const QString &which)
{
    std::vector<double> walls;
    const RunResult *busiest = runs.empty() ? nullptr : runs.front();
    for (const RunResult *r : runs) {
        walls.push_back(double(r->wallNs));
        if (r->othersCpuNs.value_or(0) > busiest->othersCpuNs.value_or(0))
            busiest = r;
    }
    const Spread spread = spreadOf(walls);
    if (spread.count < 2 || spread.relative() < kDisagreement)
        return {};
    return QStringLiteral("%1 %2 disagree by %3: %4; run again.")
        .arg(spread.count)
        .arg(which, percentText(spread.relative()))
        .arg(busiest->machineWasBusy() ? othersText(*busiest)
                                       : QStringLiteral("something else took the machine's time"));
}

} // namespace

Lesson explainRepeats(const std::vector<const RunResult *> &runs,
                      const std::vector<const RunResult *> &baseline,
                      std::optional<std::int64_t> baselineNs)
{
    const RunResult *median = medianRun(runs);
    if (median == nullptr)
        return {};
    Lesson lesson;
    lesson.noisy = true;
    lesson.text = disagreement(runs, QStringLiteral("runs"));
    if (lesson.text.isEmpty() && !baseline.empty())
        lesson.text = disagreement(baseline, QStringLiteral("sequential runs"));
    if (!lesson.text.isEmpty())
        return lesson;
    const RunResult *base = medianRun(baseline);
    lesson = explainRun(*median, base ? std::optional(base->wallNs) : baselineNs);
    if (lesson.contradicted && median->machineWasBusy()) {
        lesson.text = QStringLiteral("This run did not show the lesson, but %1 while it ran: "
                                     "run again.")
                          .arg(othersText(*median));
        lesson.contradicted = false;
        lesson.noisy = true;
    }
    return lesson;
}

} // namespace interleave
