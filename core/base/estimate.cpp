#include "estimate.h"

#include <algorithm>
#include <optional>

namespace interleave::lang {

Cost &Cost::operator+=(const Cost &other)
{
    waitSeconds += other.waitSeconds;
    recorded += other.recorded;
    printedBytes += other.printedBytes;
    computed += other.computed;
    return *this;
}

Cost Cost::times(double count) const
{
    return {waitSeconds * count, recorded * count, printedBytes * count, computed * count};
}

namespace {

Cost least(const Cost &a, const Cost &b)
{
    return {std::min(a.waitSeconds, b.waitSeconds), std::min(a.recorded, b.recorded),
            std::min(a.printedBytes, b.printedBytes), std::min(a.computed, b.computed)};
}

// A value the text fixes, or nothing when only the run can tell.
using Known = std::optional<Value>;
using Frame = std::vector<Known>;

template <typename F> Known attempt(F &&f)
{
    try {
        return f();
    } catch (const ScriptError &) {
        return std::nullopt; // the run raises here; what it costs up to then is counted
    }
}

// Any statement in `body`, however deeply nested, for which `pred` holds.
template <typename P> bool anyStmt(const std::vector<Stmt> &body, const P &pred)
{
    return std::any_of(body.begin(), body.end(), [&](const Stmt &s) {
        return pred(s) || anyStmt(s.body, pred) || anyStmt(s.orelse, pred);
    });
}

bool storesLocal(const Stmt &s)
{
    const bool stores =
        s.op == Stmt::Op::Assign || s.op == Stmt::Op::AugAssign || s.op == Stmt::Op::For;
    return stores && !s.target.global && !s.target.object && s.target.slot >= 0;
}

// Walks a program as the interpreter would run it, with values only where the text fixes
// them, adding up what each step costs.
class Estimator
{
public:
    explicit Estimator(const Program &program) : m_program(program) {}

    Estimate run()
    {
        Estimate out;
        setUpGlobals(out.main);
        for (const CallEntry &entry : m_program.calls)
            addEntry(entry, out.calls);
        Frame none;
        m_frame = &none;
        exec(m_program.after, out.main);
        return out;
    }

private:
    enum class Flow
    {
        Next,
        Ends // returned, or may have: what follows is not counted
    };

    // Globals keep the value they start with unless the program stores to them.
    void setUpGlobals(Cost &cost)
    {
        std::vector<bool> stored(m_program.globals.size(), false);
        const auto mark = [&](const Stmt &s) {
            if (s.target.global && s.target.slot >= 0)
                stored[std::size_t(s.target.slot)] = true;
            return false;
        };
        for (const Function &f : m_program.functions)
            anyStmt(f.body, mark);
        anyStmt(m_program.after, mark);
        for (const Option &o : m_program.options)
            stored[std::size_t(o.slot)] = true;
        if (m_program.resultsSlot >= 0)
            stored[std::size_t(m_program.resultsSlot)] = true;

        m_globals.assign(m_program.globals.size(), std::nullopt);
        Frame none;
        m_frame = &none;
        for (const auto &[slot, expr] : m_program.initial) {
            Known v = eval(expr, cost);
            if (!stored[std::size_t(slot)])
                m_globals[std::size_t(slot)] = std::move(v);
        }
    }

    void addEntry(const CallEntry &entry, std::vector<CallGroup> &groups)
    {
        Cost ignored;
        Frame none;
        m_frame = &none;
        double delay = 0;
        if (entry.delay) {
            const Known d = eval(*entry.delay, ignored);
            if (d && d->isNumber() && d->asFloat() > 0)
                delay = std::min(d->asFloat(), kMaxSleepSeconds);
        }
        const auto add = [&](int function, std::vector<Known> args, double count) {
            groups.push_back(
                {count * double(entry.repeat), callCost(function, std::move(args)), delay});
        };
        if (entry.mapFunction < 0) {
            std::vector<Known> args;
            for (const Expr &a : entry.call.kids)
                args.push_back(eval(a, ignored));
            add(entry.call.slot, std::move(args), 1);
            return;
        }
        const Known over = eval(entry.call, ignored);
        if (!over)
            return; // calls the text does not fix are not counted
        const std::int64_t n = attempt([&] { return Value::integer(length(*over)); })
                                   .value_or(Value::integer(0))
                                   .asInt();
        // The first items each as themselves; the rest of a long map at the least of those.
        constexpr std::int64_t kApart = 256;
        for (std::int64_t i = 0; i < std::min(n, kApart); ++i)
            add(entry.mapFunction, {attempt([&] { return item(*over, Value::integer(i)); })}, 1);
        if (n > kApart) {
            Cost low = groups.back().each;
            for (std::size_t g = groups.size() - std::size_t(kApart); g < groups.size(); ++g)
                low = least(low, groups[g].each);
            groups.push_back({double(n - kApart) * double(entry.repeat), low, delay});
        }
    }

    Cost callCost(int function, std::vector<Known> args)
    {
        Cost cost;
        if (function < 0 || m_depth >= kMaxEstimateDepth || m_steps <= 0)
            return cost;
        const Function &f = m_program.functions[std::size_t(function)];
        Frame frame(std::max(std::size_t(f.locals), args.size()));
        std::move(args.begin(), args.end(), frame.begin());
        Frame *caller = m_frame;
        m_frame = &frame;
        ++m_depth;
        exec(f.body, cost);
        --m_depth;
        m_frame = caller;
        return cost;
    }

    Flow exec(const std::vector<Stmt> &body, Cost &cost)
    {
        for (const Stmt &s : body) {
            if (--m_steps <= 0 || execOne(s, cost) == Flow::Ends)
                return Flow::Ends;
        }
        return Flow::Next;
    }

    Flow execOne(const Stmt &s, Cost &cost)
    {
        switch (s.op) {
        case Stmt::Op::Expr:
            eval(s.expr, cost);
            return Flow::Next;
        case Stmt::Op::Assign:
            assign(s.target, eval(s.expr, cost), cost);
            return Flow::Next;
        case Stmt::Op::AugAssign: {
            const Known right = eval(s.expr, cost);
            const Known left = isLocal(s.target) ? local(s.target.slot) : std::nullopt;
            assign(s.target,
                   left && right ? attempt([&] { return binary(s.bin, *left, *right); })
                                 : std::nullopt,
                   cost);
            return Flow::Next;
        }
        case Stmt::Op::Return:
            eval(s.expr, cost);
            return Flow::Ends;
        case Stmt::Op::Pass:
        case Stmt::Op::Global:
            return Flow::Next;
        case Stmt::Op::For:
        case Stmt::Op::Repeat:
            return execLoop(s, cost);
        case Stmt::Op::If:
            return execIf(s, cost);
        case Stmt::Op::With:
            eval(s.expr, cost);
            return exec(s.body, cost);
        }
        return Flow::Next;
    }

    // The body once, with every local it changes unknown, times the number of steps.
    Flow execLoop(const Stmt &s, Cost &cost)
    {
        const Known over = eval(s.expr, cost);
        std::int64_t steps = 0;
        if (over && s.op == Stmt::Op::Repeat && over->isInt())
            steps = std::max<std::int64_t>(over->asInt(), 0);
        else if (over && s.op == Stmt::Op::For)
            steps = attempt([&] { return Value::integer(length(*over)); })
                        .value_or(Value::integer(0))
                        .asInt();
        forgetStores(s);
        Cost once;
        const Flow flow = steps > 0 ? exec(s.body, once) : Flow::Next;
        forgetStores(s);
        if (flow == Flow::Ends)
            steps = std::min<std::int64_t>(steps, 1);
        cost += once.times(double(steps));
        return flow;
    }

    Flow execIf(const Stmt &s, Cost &cost)
    {
        const Known test = eval(s.expr, cost);
        if (test)
            return exec(test->truthy() ? s.body : s.orelse, cost);
        Frame other = *m_frame;
        Cost yes, no;
        const Flow a = exec(s.body, yes);
        std::swap(other, *m_frame);
        const Flow b = exec(s.orelse, no);
        for (std::size_t i = 0; i < m_frame->size(); ++i) {
            Known &mine = (*m_frame)[i];
            if (mine && !(other[i] && equal(*mine, *other[i])))
                mine.reset();
        }
        cost += least(yes, no);
        return a == Flow::Ends || b == Flow::Ends ? Flow::Ends : Flow::Next;
    }

    void forgetStores(const Stmt &loop)
    {
        if (storesLocal(loop))
            (*m_frame)[std::size_t(loop.target.slot)].reset();
        anyStmt(loop.body, [&](const Stmt &s) {
            if (storesLocal(s))
                (*m_frame)[std::size_t(s.target.slot)].reset();
            return false;
        });
    }

    static bool isLocal(const Target &t) { return !t.global && !t.object && t.slot >= 0; }

    Known local(int slot) const
    {
        const Known &v = (*m_frame)[std::size_t(slot)];
        if (v && v->kind() == Value::Kind::Unbound)
            return std::nullopt;
        return v;
    }

    void assign(const Target &t, Known value, Cost &cost)
    {
        if (t.object)
            eval(*t.object, cost);
        if (isLocal(t))
            (*m_frame)[std::size_t(t.slot)] = std::move(value);
    }

    Known eval(const Expr &e, Cost &cost)
    {
        switch (e.op) {
        case Expr::Op::Const:
            return e.constant;
        case Expr::Op::Local:
            return local(e.slot);
        case Expr::Op::Global:
            return m_globals[std::size_t(e.slot)];
        case Expr::Op::Neg:
            return map1(e, cost, [](const Value &v) { return negate(v); });
        case Expr::Op::Not:
            return map1(e, cost, [](const Value &v) { return Value::boolean(!v.truthy()); });
        case Expr::Op::Binary: {
            const Known a = eval(e.kids[0], cost);
            const Known b = eval(e.kids[1], cost);
            if (!a || !b)
                return std::nullopt;
            return attempt([&] { return binary(e.bin, *a, *b); });
        }
        case Expr::Op::And:
        case Expr::Op::Or:
            return evalLogic(e, cost);
        case Expr::Op::Compare:
            return evalCompare(e, cost);
        case Expr::Op::IfElse: {
            const Known test = eval(e.kids[0], cost);
            if (test)
                return eval(e.kids[test->truthy() ? 1 : 2], cost);
            Cost yes, no;
            eval(e.kids[1], yes);
            eval(e.kids[2], no);
            cost += least(yes, no);
            return std::nullopt;
        }
        case Expr::Op::List: {
            ValueList items;
            bool all = true;
            for (const Expr &k : e.kids) {
                Known v = eval(k, cost);
                all = all && v;
                if (all)
                    items.push_back(std::move(*v));
            }
            if (!all)
                return std::nullopt;
            return attempt([&] { return Value::list(std::move(items)); }); // too deep: raises
        }
        case Expr::Op::Index: {
            const Known container = eval(e.kids[0], cost);
            const Known index = eval(e.kids[1], cost);
            if (!container || !index)
                return std::nullopt;
            return attempt([&] { return item(*container, *index); });
        }
        case Expr::Op::Builtin:
            return evalBuiltin(e, cost);
        case Expr::Op::User: {
            std::vector<Known> args;
            for (const Expr &a : e.kids)
                args.push_back(eval(a, cost));
            cost += callCost(e.slot, std::move(args));
            return std::nullopt;
        }
        case Expr::Op::FString:
            for (const Expr &part : e.kids)
                if (part.op != Expr::Op::Const)
                    eval(part.kids[0], cost);
            return std::nullopt;
        default: // methods, attributes, facts: their operands still run
            for (const Expr &k : e.kids)
                eval(k, cost);
            return std::nullopt;
        }
    }

    template <typename F> Known map1(const Expr &e, Cost &cost, F &&f)
    {
        const Known v = eval(e.kids[0], cost);
        if (!v)
            return std::nullopt;
        return attempt([&] { return f(*v); });
    }

    Known evalLogic(const Expr &e, Cost &cost)
    {
        const Known left = eval(e.kids[0], cost);
        if (!left) {
            Cost maybe; // the right side may not run
            eval(e.kids[1], maybe);
            return std::nullopt;
        }
        const bool shortCircuit = e.op == Expr::Op::And ? !left->truthy() : left->truthy();
        return shortCircuit ? left : eval(e.kids[1], cost);
    }

    Known evalCompare(const Expr &e, Cost &cost)
    {
        std::vector<Known> values;
        for (const Expr &k : e.kids)
            values.push_back(eval(k, cost));
        if (std::any_of(values.begin(), values.end(), [](const Known &v) { return !v; }))
            return std::nullopt;
        return attempt([&] {
            for (std::size_t i = 0; i < e.cmps.size(); ++i)
                if (!compare(e.cmps[i], *values[i], *values[i + 1]))
                    return Value::boolean(false);
            return Value::boolean(true);
        });
    }

    Known evalBuiltin(const Expr &e, Cost &cost)
    {
        const Builtin b = Builtin(e.slot);
        if (b == Builtin::Print)
            return print(e, cost);
        std::vector<Known> a;
        for (const Expr &k : e.kids)
            a.push_back(eval(k, cost));
        const bool known = std::all_of(a.begin(), a.end(), [](const Known &v) { return bool(v); });
        switch (b) {
        case Builtin::Sleep:
            cost.recorded += 1;
            if (known && a[0]->isNumber() && a[0]->asFloat() <= kMaxSleepSeconds)
                cost.waitSeconds += std::max(a[0]->asFloat(), 0.0);
            return Value::none();
        case Builtin::CountPrimes:
            cost.recorded += 1;
            if (known && a.back()->isInt() && (a.size() == 1 || a[0]->isInt()))
                cost.computed +=
                    std::max(0.0, double(a.back()->asInt()) - (a.size() == 2 ? a[0]->asInt() : 0));
            return std::nullopt;
        case Builtin::Len:
            if (!known)
                return std::nullopt;
            return attempt([&] { return Value::integer(length(*a[0])); });
        case Builtin::Range:
            return known ? range(a) : std::nullopt;
        default:
            return std::nullopt;
        }
    }

    static Known range(const std::vector<Known> &a)
    {
        if (!std::all_of(a.begin(), a.end(), [](const Known &v) { return v->isInt(); }))
            return std::nullopt;
        Range r;
        if (a.size() == 1) {
            r.stop = a[0]->asInt();
        } else {
            r.start = a[0]->asInt();
            r.stop = a[1]->asInt();
            r.step = a.size() == 3 ? a[2]->asInt() : 1;
        }
        if (r.step == 0)
            return std::nullopt;
        return attempt([&] { return Value::range(r); });
    }

    // One recorded print, and the bytes of it the text fixes: known values, the literal parts
    // of f-strings, the separators and the end.
    Known print(const Expr &e, Cost &cost)
    {
        const std::size_t positional = e.kids.size() - e.keywords.size();
        double bytes = 0;
        double sep = 1, end = 1;
        for (std::size_t i = 0; i < e.kids.size(); ++i) {
            const Known v = eval(e.kids[i], cost);
            const double size = v ? double(v->str().size()) : literalBytes(e.kids[i]);
            if (i < positional)
                bytes += size;
            else if (e.keywords[i - positional] == "sep")
                sep = v && v->kind() == Value::Kind::Str ? size : 0;
            else if (e.keywords[i - positional] == "end")
                end = v && v->kind() == Value::Kind::Str ? size : 0;
        }
        if (positional > 1)
            bytes += sep * double(positional - 1);
        cost.recorded += 1;
        cost.printedBytes += bytes + end;
        return Value::none();
    }

    static double literalBytes(const Expr &e)
    {
        double bytes = 0;
        if (e.op == Expr::Op::FString)
            for (const Expr &part : e.kids)
                if (part.op == Expr::Op::Const)
                    bytes += double(part.constant.asStr().size());
        return bytes;
    }

    // How deep calls are followed, and how many statements the estimate walks in all: enough
    // for any sensible program; past them the rest counts as nothing.
    static constexpr int kMaxEstimateDepth = 24;

    const Program &m_program;
    std::vector<Known> m_globals;
    Frame *m_frame = nullptr;
    int m_depth = 0;
    long m_steps = 200'000;
};

} // namespace

Estimate estimate(const Program &program)
{
    return Estimator(program).run();
}

double Estimate::callCount() const
{
    double n = 0;
    for (const CallGroup &g : calls)
        n += g.count;
    return n;
}

Cost Estimate::total() const
{
    Cost all = main;
    for (const CallGroup &g : calls)
        all += g.each.times(g.count);
    all.recorded += callCount();
    return all;
}

double Estimate::waitWall(int lanes) const
{
    double delays = 0, waits = 0, longest = 0;
    for (const CallGroup &g : calls) {
        delays += g.delaySeconds * g.count;
        waits += g.each.waitSeconds * g.count;
        if (g.count > 0)
            longest = std::max(longest, g.each.waitSeconds);
    }
    double wall = 0;
    if (lanes == 1)
        wall = delays + waits;
    else if (lanes <= 0)
        wall = std::max(delays, longest);
    else
        wall = std::max({delays, longest, waits / lanes});
    return wall + main.waitSeconds;
}

} // namespace interleave::lang
