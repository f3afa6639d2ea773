#include "interpreter.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace interleave::lang {

Value Host::fact(Fact)
{
    raise("NameError", "facts about a run exist only in expectations");
}

double Host::took(const std::string &)
{
    raise("NameError", "took() exists only in expectations");
}

namespace {

// Hands out the items of a list, range or str in turn, while `f(item)` returns true.
template <typename F> void forEachWhile(const Value &v, F &&f)
{
    switch (v.kind()) {
    case Value::Kind::List: {
        const Value keep = v; // the list outlives the loop even if its variable is reassigned
        for (const Value &item : keep.asList())
            if (!f(item))
                return;
        return;
    }
    case Value::Kind::Range: {
        const Range r = v.asRange();
        const std::int64_t n = r.size();
        for (std::int64_t i = 0; i < n; ++i)
            if (!f(Value::integer(r.at(i))))
                return;
        return;
    }
    case Value::Kind::Str: {
        const std::string s = v.asStr();
        for (std::size_t i = 0; i < s.size();) {
            std::size_t end = i + 1;
            while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80)
                ++end;
            if (!f(Value::str(s.substr(i, end - i))))
                return;
            i = end;
        }
        return;
    }
    default:
        raise("TypeError", std::string("'") + v.typeName() + "' object is not iterable");
    }
}

// Every item, in turn.
template <typename F> void forEach(const Value &v, F &&f)
{
    forEachWhile(v, [&](const Value &item) {
        f(item);
        return true;
    });
}

ValueList toList(const Value &v)
{
    if (v.kind() == Value::Kind::List)
        return v.asList();
    if (v.kind() == Value::Kind::Range && std::uint64_t(v.asRange().size()) > kMaxListItems)
        raise("MemoryError", "the list would be over Interleave's limit of 1,048,576 items");
    ValueList out;
    forEach(v, [&](const Value &x) { out.push_back(x); });
    return out;
}

std::int64_t needInt(const Value &v, const char *what)
{
    if (!v.isInt())
        raise("TypeError", std::string(what) + " must be an integer, not " + v.typeName());
    return v.asInt();
}

Value parseInt(const std::string &text)
{
    std::string digits;
    std::size_t b = text.find_first_not_of(" \t\n");
    std::size_t e = text.find_last_not_of(" \t\n");
    if (b != std::string::npos)
        for (std::size_t i = b; i <= e; ++i)
            if (text[i] != '_')
                digits += text[i];
    std::int64_t v = 0;
    const char *first = digits.c_str() + (digits.size() > 1 && digits[0] == '+' ? 1 : 0);
    const auto res = std::from_chars(first, digits.c_str() + digits.size(), v);
    if (digits.empty() || res.ptr != digits.c_str() + digits.size())
        raise("ValueError", "invalid literal for int() with base 10: " + Value::str(text).repr());
    if (res.ec != std::errc())
        raise("OverflowError", "integer overflow: Interleave's integers are 64-bit");
    return Value::integer(v);
}

Value toInt(const Value &v)
{
    if (v.isInt())
        return Value::integer(v.asInt());
    if (v.kind() == Value::Kind::Float) {
        const double d = std::trunc(v.asFloat());
        if (!std::isfinite(d) || std::fabs(d) >= 9.2e18)
            raise("OverflowError", "cannot convert float " + v.repr() + " to integer");
        return Value::integer(std::int64_t(d));
    }
    if (v.kind() == Value::Kind::Str)
        return parseInt(v.asStr());
    raise("TypeError",
          std::string("int() argument must be a string or a number, not '") + v.typeName() + "'");
}

Value toFloat(const Value &v)
{
    if (v.isNumber())
        return Value::floating(v.asFloat());
    if (v.kind() == Value::Kind::Str) {
        const std::string &s = v.asStr();
        char *end = nullptr;
        const double d = std::strtod(s.c_str(), &end);
        while (end != nullptr && (*end == ' ' || *end == '\n' || *end == '\t'))
            ++end;
        if (s.empty() || end == s.c_str() || *end != '\0')
            raise("ValueError", "could not convert string to float: " + v.repr());
        return Value::floating(d);
    }
    raise("TypeError",
          std::string("float() argument must be a string or a number, not '") + v.typeName() + "'");
}

Value extreme(const std::vector<Value> &args, bool max, const char *name)
{
    ValueList items = args.size() == 1 ? toList(args[0]) : args;
    if (items.empty())
        raise("ValueError", std::string(name) + "() arg is an empty sequence");
    Value best = items[0];
    for (std::size_t i = 1; i < items.size(); ++i) {
        if (compare(max ? CmpOp::Gt : CmpOp::Lt, items[i], best))
            best = items[i];
    }
    return best;
}

// Through a list, so that a range is bounded like one: sum(range(10**15)) is refused at
// once instead of running for days where nothing could stop it.
Value sum(const Value &iterable)
{
    Value total = Value::integer(0);
    for (const Value &x : toList(iterable))
        total = binary(BinOp::Add, total, x);
    return total;
}

Value sorted(const Value &iterable)
{
    ValueList items = toList(iterable);
    std::stable_sort(items.begin(), items.end(),
                     [](const Value &a, const Value &b) { return compare(CmpOp::Lt, a, b); });
    return Value::list(std::move(items));
}

Value makeRange(const std::vector<Value> &a)
{
    Range r;
    if (a.size() == 1) {
        r.stop = needInt(a[0], "range()'s argument");
    } else {
        r.start = needInt(a[0], "range()'s start");
        r.stop = needInt(a[1], "range()'s stop");
        if (a.size() == 3)
            r.step = needInt(a[2], "range()'s step");
    }
    return Value::range(r);
}

Value allOrAny(const Value &iterable, bool all)
{
    for (const Value &x : toList(iterable)) {
        if (x.truthy() != all)
            return Value::boolean(!all);
    }
    return Value::boolean(all);
}

std::uint32_t computeBound(const Value &v)
{
    const std::int64_t n = needInt(v, "compute()'s bound");
    if (n < 0 || n > kMaxComputeBound)
        raise("ValueError",
              "compute() works on numbers from 0 to 100,000,000, not " + std::to_string(n));
    return std::uint32_t(n);
}

} // namespace

Interpreter::Interpreter(const Program &program, Host &host) : m_program(program), m_host(host) {}

void Interpreter::locate(const ScriptError &error)
{
    std::string where = m_program.where(m_at);
    if (!m_stack.empty())
        where += ": in " + m_stack.back()->name;
    throw RuntimeError{where + ": " + error.type + ": " + error.message};
}

Value Interpreter::call(int function, std::vector<Value> args)
{
    try {
        return callUser(function, std::move(args));
    } catch (const ScriptError &e) {
        locate(e);
    }
}

void Interpreter::run(const std::vector<Stmt> &body)
{
    try {
        exec(body);
    } catch (const ScriptError &e) {
        locate(e);
    }
}

Value Interpreter::evaluate(const Expr &e)
{
    try {
        return eval(e);
    } catch (const ScriptError &err) {
        locate(err);
    }
}

Value Interpreter::callUser(int function, std::vector<Value> args)
{
    const Function &f = m_program.functions[std::size_t(function)];
    if (m_stack.size() >= kMaxDepth)
        raise("RecursionError", "maximum recursion depth exceeded");
    std::vector<Value> frame(std::size_t(std::max(f.locals, int(args.size()))));
    std::move(args.begin(), args.end(), frame.begin());
    // Restored on every way out, so that the interpreter stays usable after an error.
    struct Restore
    {
        Interpreter &in;
        std::vector<Value> *caller;
        ~Restore()
        {
            in.m_stack.pop_back();
            in.m_frame = caller;
        }
    };
    m_stack.push_back(&f);
    const Restore restore{*this, m_frame};
    m_frame = &frame;
    try {
        if (exec(f.body) == Flow::Return)
            return std::move(m_returned);
        return Value::none();
    } catch (const ScriptError &e) {
        locate(e); // innermost first: where it happened; the RuntimeError passes outwards
    }
}

Interpreter::Flow Interpreter::exec(const std::vector<Stmt> &body)
{
    for (const Stmt &s : body) {
        if (execOne(s) == Flow::Return)
            return Flow::Return;
    }
    return Flow::Next;
}

Interpreter::Flow Interpreter::execOne(const Stmt &s)
{
    m_host.checkpoint();
    m_at = s.pos;
    switch (s.op) {
    case Stmt::Op::Expr:
        eval(s.expr);
        return Flow::Next;
    case Stmt::Op::Assign:
        assign(s.target, eval(s.expr));
        return Flow::Next;
    case Stmt::Op::AugAssign: {
        if (!s.target.global && !s.target.object) {
            // A local: no other thread can see it, so add in place when both are ints.
            Value &local = (*m_frame)[std::size_t(s.target.slot)];
            const Value operand = eval(s.expr);
            std::int64_t sum = 0;
            if (s.bin == BinOp::Add && local.kind() == Value::Kind::Int &&
                operand.kind() == Value::Kind::Int &&
                !__builtin_add_overflow(local.asInt(), operand.asInt(), &sum)) {
                local = Value::integer(sum);
                return Flow::Next;
            }
            m_at = s.pos;
            local = binary(s.bin, load(s.target), operand);
            return Flow::Next;
        }
        // A load, the operation, then a store, as CPython's bytecode: a thread running at
        // the same time (no GIL) may store in between, and its update is then lost. Under
        // the GIL nothing comes between them, as in CPython 3.10 and later, which hands the
        // GIL over only between statements and loop iterations.
        const Value loaded = load(s.target);
        Value result = binary(s.bin, loaded, eval(s.expr));
        m_at = s.pos;
        assign(s.target, std::move(result));
        return Flow::Next;
    }
    case Stmt::Op::Return:
        m_returned = eval(s.expr);
        return Flow::Return;
    case Stmt::Op::Pass:
    case Stmt::Op::Global:
        return Flow::Next;
    case Stmt::Op::For:
        return execFor(s);
    case Stmt::Op::Repeat:
        return execRepeat(s);
    case Stmt::Op::If:
        return exec(eval(s.expr).truthy() ? s.body : s.orelse);
    case Stmt::Op::With:
        return execWith(s);
    }
    return Flow::Next;
}

Interpreter::Flow Interpreter::execFor(const Stmt &s)
{
    const Value iterable = eval(s.expr);
    Flow flow = Flow::Next;
    if (iterable.kind() == Value::Kind::Range && !s.target.global && !s.target.object) {
        // The common loop, without a Value per step beyond the variable itself.
        const Range r = iterable.asRange();
        const std::int64_t n = r.size();
        Value &variable = (*m_frame)[std::size_t(s.target.slot)];
        for (std::int64_t i = 0; i < n; ++i) {
            if (s.body.empty())
                m_host.checkpoint(); // otherwise each statement of the body does
            variable = Value::integer(r.at(i));
            if (exec(s.body) == Flow::Return)
                return Flow::Return;
        }
        return Flow::Next;
    }
    m_at = s.pos;
    forEachWhile(iterable, [&](const Value &item) {
        m_host.checkpoint();
        assign(s.target, item);
        flow = exec(s.body);
        return flow != Flow::Return;
    });
    return flow;
}

Interpreter::Flow Interpreter::execRepeat(const Stmt &s)
{
    const std::int64_t times = needInt(eval(s.expr), "repeat's count");
    for (std::int64_t i = 0; i < times; ++i) {
        if (s.body.empty())
            m_host.checkpoint(); // otherwise each statement of the body does
        if (exec(s.body) == Flow::Return)
            return Flow::Return;
    }
    return Flow::Next;
}

Interpreter::Flow Interpreter::execWith(const Stmt &s)
{
    const Value lock = eval(s.expr);
    if (lock.kind() != Value::Kind::Object || lock.objectKind() != ObjectKind::Lock)
        raise("TypeError", std::string("'") + lock.typeName() +
                               "' object does not support the context manager protocol (use a "
                               "threading.Lock())");
    m_host.acquire(lock.objectId());
    // Released on every way out: a lock can never be left held.
    struct Release
    {
        Host &host;
        std::uint32_t id;
        ~Release() { host.release(id); }
    } release{m_host, lock.objectId()};
    return exec(s.body);
}

Value Interpreter::load(const Target &t)
{
    if (t.object)
        return attribute(eval(*t.object), t.name);
    if (t.global)
        return m_host.loadGlobal(t.slot);
    const Value &v = (*m_frame)[std::size_t(t.slot)];
    if (v.kind() == Value::Kind::Unbound)
        raise("UnboundLocalError", "cannot access local variable '" + t.name +
                                       "' where it is not associated with a value");
    return v;
}

void Interpreter::assign(const Target &t, Value v)
{
    if (t.object) {
        const Value object = eval(*t.object);
        if (object.kind() != Value::Kind::Object || object.objectKind() != ObjectKind::Local)
            raise("AttributeError", std::string("cannot set attributes of '") + object.typeName() +
                                        "' (only of a threading.local())");
        m_threadLocals[{object.objectId(), t.name}] = std::move(v);
        return;
    }
    if (t.global)
        m_host.storeGlobal(t.slot, v);
    else
        (*m_frame)[std::size_t(t.slot)] = std::move(v);
}

Value Interpreter::eval(const Expr &e)
{
    switch (e.op) {
    case Expr::Op::Const:
        return e.constant;
    case Expr::Op::Local: {
        const Value &v = (*m_frame)[std::size_t(e.slot)];
        if (v.kind() == Value::Kind::Unbound) {
            m_at = e.pos;
            raise("UnboundLocalError", "cannot access local variable '" + e.name +
                                           "' where it is not associated with a value");
        }
        return v;
    }
    case Expr::Op::Global: {
        Value v = m_host.loadGlobal(e.slot);
        if (v.kind() == Value::Kind::Unbound) {
            m_at = e.pos;
            raise("NameError", "name '" + m_program.globals[std::size_t(e.slot)] +
                                   "' is not defined (it has no value yet)");
        }
        return v;
    }
    case Expr::Op::Fact:
        return m_host.fact(Fact(e.slot));
    case Expr::Op::Neg: {
        const Value v = eval(e.kids[0]);
        m_at = e.pos;
        return negate(v);
    }
    case Expr::Op::Not:
        return Value::boolean(!eval(e.kids[0]).truthy());
    case Expr::Op::Binary:
        return evalBinary(e);
    case Expr::Op::And: {
        Value left = eval(e.kids[0]);
        return left.truthy() ? eval(e.kids[1]) : left;
    }
    case Expr::Op::Or: {
        Value left = eval(e.kids[0]);
        return left.truthy() ? left : eval(e.kids[1]);
    }
    case Expr::Op::Compare:
        return evalCompare(e);
    case Expr::Op::IfElse:
        return eval(e.kids[0]).truthy() ? eval(e.kids[1]) : eval(e.kids[2]);
    case Expr::Op::List: {
        ValueList items;
        items.reserve(e.kids.size());
        for (const Expr &k : e.kids)
            items.push_back(eval(k));
        return Value::list(std::move(items));
    }
    case Expr::Op::FString:
        return evalFString(e);
    case Expr::Op::Builtin:
        return evalBuiltin(e);
    case Expr::Op::User: {
        std::vector<Value> a = args(e);
        m_at = e.pos;
        return callUser(e.slot, std::move(a));
    }
    case Expr::Op::Method:
        return evalMethod(e);
    case Expr::Op::Attr:
        return evalAttr(e);
    case Expr::Op::Index: {
        const Value container = eval(e.kids[0]);
        const Value index = eval(e.kids[1]);
        m_at = e.pos;
        return item(container, index);
    }
    case Expr::Op::Name:
    case Expr::Op::Call:
    case Expr::Op::Format:
        break; // resolved away by the compiler
    }
    raise("SystemError", "unresolved expression");
}

Value Interpreter::evalBinary(const Expr &e)
{
    const Value a = eval(e.kids[0]);
    const Value b = eval(e.kids[1]);
    if (a.kind() == Value::Kind::Int && b.kind() == Value::Kind::Int) {
        std::int64_t r = 0;
        if (e.bin == BinOp::Add && !__builtin_add_overflow(a.asInt(), b.asInt(), &r))
            return Value::integer(r);
        if (e.bin == BinOp::Sub && !__builtin_sub_overflow(a.asInt(), b.asInt(), &r))
            return Value::integer(r);
    }
    m_at = e.pos;
    return binary(e.bin, a, b);
}

Value Interpreter::evalCompare(const Expr &e)
{
    Value left = eval(e.kids[0]);
    for (std::size_t i = 0; i < e.cmps.size(); ++i) {
        Value right = eval(e.kids[i + 1]);
        m_at = e.pos;
        if (!compare(e.cmps[i], left, right))
            return Value::boolean(false);
        left = std::move(right);
    }
    return Value::boolean(true);
}

std::vector<Value> Interpreter::args(const Expr &e, std::size_t from)
{
    std::vector<Value> out;
    out.reserve(e.kids.size() - from);
    for (std::size_t i = from; i < e.kids.size(); ++i)
        out.push_back(eval(e.kids[i]));
    return out;
}

Value Interpreter::print(const Expr &e)
{
    const std::size_t positional = e.kids.size() - e.keywords.size();
    std::string sep = " ";
    std::string end = "\n";
    bool flush = false;
    for (std::size_t k = 0; k < e.keywords.size(); ++k) {
        const Value v = eval(e.kids[positional + k]);
        m_at = e.pos;
        if (e.keywords[k] == "flush") {
            flush = v.truthy();
            continue;
        }
        if (v.kind() == Value::Kind::None)
            continue;
        if (v.kind() != Value::Kind::Str)
            raise("TypeError", e.keywords[k] + " must be None or a string, not " + v.typeName());
        (e.keywords[k] == "sep" ? sep : end) = v.asStr();
    }
    std::vector<std::string> pieces;
    std::size_t size = 0;
    for (std::size_t i = 0; i < positional; ++i) {
        if (i > 0)
            pieces.push_back(sep);
        pieces.push_back(eval(e.kids[i]).str());
        size += pieces.back().size() + sep.size();
        if (size > kMaxStrBytes)
            raise("MemoryError", "a printed line over Interleave's limit of 1 MiB");
    }
    pieces.push_back(end);
    m_printedBytes += size + end.size();
    if (m_printedBytes > kMaxPrintedBytes && m_host.limited())
        raise("RuntimeError", "this thread would print more than " +
                                  std::to_string(kMaxPrintedBytes >> 20) + " MiB: " + kLimitHint);
    countRecorded();
    m_host.print(pieces, flush);
    return Value::none();
}

// Each print, wait and computation is recorded (a span or writes): a run has a budget of them.
void Interpreter::countRecorded()
{
    if (++m_recorded > kMaxRecorded && m_host.limited())
        raise("RuntimeError", "this thread would record more than " + std::to_string(kMaxRecorded) +
                                  " prints, waits and computations: " + kLimitHint);
}

Value Interpreter::sleep(const Value &seconds)
{
    if (!seconds.isNumber())
        raise("TypeError", std::string("'") + seconds.typeName() +
                               "' object cannot be interpreted as a number of seconds");
    const double s = seconds.asFloat();
    if (std::isnan(s) || s < 0)
        raise("ValueError", "sleep length must be non-negative");
    if (s > kMaxSleepSeconds)
        raise("ValueError", "sleep of " + floatRepr(s) + " s: Interleave sleeps at most an hour");
    m_waited += s;
    if (m_waited > kMaxWaitSeconds && m_host.limited())
        raise("RuntimeError",
              "this thread would wait " + floatRepr(m_waited) + " s in all, more than " +
                  std::to_string(int(kMaxWaitSeconds / 60)) + " minutes: " + kLimitHint);
    countRecorded();
    m_host.sleep(s);
    return Value::none();
}

// compute(stop) or compute(start, stop): counts the primes in [start, stop).
Value Interpreter::countPrimes(const std::vector<Value> &a)
{
    const std::uint32_t from = a.size() == 2 ? computeBound(a[0]) : 0;
    const std::uint32_t to = computeBound(a.back());
    if (to < from)
        raise("ValueError", "compute(start, stop) needs start <= stop");
    countRecorded();
    return Value::integer(std::int64_t(m_host.compute(from, to)));
}

Value Interpreter::evalBuiltin(const Expr &e)
{
    const Builtin b = Builtin(e.slot);
    if (b == Builtin::Print)
        return print(e);
    const std::vector<Value> a = args(e);
    m_at = e.pos;
    switch (b) {
    case Builtin::Print:
        break;
    case Builtin::Sleep:
        return sleep(a[0]);
    case Builtin::Time:
        return Value::floating(m_host.now(false));
    case Builtin::PerfCounter:
        return Value::floating(m_host.now(true));
    case Builtin::Len:
        return Value::integer(length(a[0]));
    case Builtin::Str:
        return a.empty() ? Value::str({}) : Value::str(a[0].str());
    case Builtin::Int:
        return a.empty() ? Value::integer(0) : toInt(a[0]);
    case Builtin::Float:
        return a.empty() ? Value::floating(0) : toFloat(a[0]);
    case Builtin::Range:
        return makeRange(a);
    case Builtin::List:
        return a.empty() ? Value::list({}) : Value::list(toList(a[0]));
    case Builtin::Round:
        return roundValue(a[0], a.size() > 1 ? &a[1] : nullptr);
    case Builtin::Abs:
        if (a[0].kind() == Value::Kind::Float)
            return Value::floating(std::fabs(a[0].asFloat()));
        return needInt(a[0], "abs()'s argument") < 0 ? negate(a[0]) : Value::integer(a[0].asInt());
    case Builtin::Min:
    case Builtin::Max:
        return extreme(a, b == Builtin::Max, b == Builtin::Max ? "max" : "min");
    case Builtin::Sum:
        return sum(a[0]);
    case Builtin::All:
    case Builtin::Any:
        return allOrAny(a[0], b == Builtin::All);
    case Builtin::Sorted:
        return sorted(a[0]);
    case Builtin::CountPrimes:
        return countPrimes(a);
    case Builtin::CurrentThread:
        return Value::object(ObjectKind::Thread, 0);
    case Builtin::MainThread:
        return Value::object(ObjectKind::Thread, 1);
    case Builtin::GetPid:
        return Value::integer(m_host.processId());
    case Builtin::Took:
        if (a[0].kind() != Value::Kind::Str)
            raise("TypeError", "took() needs a function name as a string");
        return Value::floating(m_host.took(a[0].asStr()));
    case Builtin::Lock:
    case Builtin::Local:
    case Builtin::Queue:
        break; // made constant by the compiler
    }
    raise("SystemError", "unknown builtin");
}

Value Interpreter::evalMethod(const Expr &e)
{
    const Value object = eval(e.kids[0]);
    const std::vector<Value> a = args(e, 1);
    m_at = e.pos;
    if (object.kind() != Value::Kind::Object || object.objectKind() != ObjectKind::Queue)
        raise("AttributeError",
              std::string("'") + object.typeName() + "' object has no attribute '" + e.name + "'");
    const std::uint32_t q = object.objectId();
    if (e.name == "put") {
        m_host.put(q, a[0]);
        return Value::none();
    }
    if (e.name == "get") {
        std::optional<Value> v = m_host.get(q);
        if (!v)
            raise("Empty", "the queue is empty: get() would wait for ever");
        return std::move(*v);
    }
    const std::size_t size = m_host.queueSize(q);
    return e.name == "empty" ? Value::boolean(size == 0) : Value::integer(std::int64_t(size));
}

Value Interpreter::evalAttr(const Expr &e)
{
    const Value object = eval(e.kids[0]);
    m_at = e.pos;
    return attribute(object, e.name);
}

Value Interpreter::attribute(const Value &object, const std::string &name)
{
    if (object.kind() == Value::Kind::Object && object.objectKind() == ObjectKind::Local) {
        const auto it = m_threadLocals.find({object.objectId(), name});
        if (it != m_threadLocals.end())
            return it->second;
    } else if (object.kind() == Value::Kind::Object && object.objectKind() == ObjectKind::Thread) {
        const bool main = object.objectId() == 1;
        if (name == "name")
            return Value::str(main ? "MainThread" : m_host.threadName());
        if (name == "ident" || name == "native_id")
            return Value::integer(main ? m_host.processId() : m_host.threadId());
    }
    raise("AttributeError",
          std::string("'") + object.typeName() + "' object has no attribute '" + name + "'");
}

Value Interpreter::evalFString(const Expr &e)
{
    std::string out;
    for (const Expr &part : e.kids) {
        if (part.op == Expr::Op::Const) {
            out += part.constant.asStr();
            continue;
        }
        const Value v = eval(part.kids[0]);
        m_at = part.pos;
        if (part.slot == 1)
            out += part.name.empty() ? v.repr() : formatValue(Value::str(v.repr()), part.name);
        else
            out += formatValue(v, part.name);
        if (out.size() > kMaxStrBytes)
            raise("MemoryError", "a string over Interleave's limit of 1 MiB");
    }
    return Value::str(std::move(out));
}

} // namespace interleave::lang
