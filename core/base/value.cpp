#include "value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace interleave::lang {

// Room for the sums and differences of two 64-bit ints, without overflow.
__extension__ typedef __int128 Int128;

struct Value::Heap
{
    std::string str;
    ValueList items;
    Range range;
    int depth = 0; // lists within lists: bounded, so that nothing recurses without end
};

void raise(std::string type, std::string message)
{
    throw ScriptError{std::move(type), std::move(message)};
}

std::int64_t Range::size() const
{
    // In 128 bits: range(-2**63, 2**63 - 1) has more items than an int64 difference holds.
    const Int128 from = start, to = stop, by = step;
    Int128 n = 0;
    if (by > 0 && from < to)
        n = (to - from - 1) / by + 1;
    else if (by < 0 && from > to)
        n = (from - to - 1) / (-by) + 1;
    if (n > INT64_MAX)
        raise("OverflowError", "range has more than 2**63 - 1 items");
    return std::int64_t(n);
}

Value Value::none()
{
    Value v;
    v.m_kind = Kind::None;
    return v;
}

Value Value::boolean(bool b)
{
    Value v;
    v.m_kind = Kind::Bool;
    v.m_int = b ? 1 : 0;
    return v;
}

Value Value::integer(std::int64_t i)
{
    Value v;
    v.m_kind = Kind::Int;
    v.m_int = i;
    return v;
}

Value Value::floating(double f)
{
    Value v;
    v.m_kind = Kind::Float;
    v.m_float = f;
    return v;
}

Value Value::str(std::string s)
{
    if (s.size() > kMaxStrBytes)
        raise("MemoryError", "a string of " + std::to_string(s.size()) +
                                 " bytes is over Interleave's limit of 1 MiB");
    Value v;
    v.m_kind = Kind::Str;
    auto heap = std::make_shared<Heap>();
    heap->str = std::move(s);
    v.m_heap = std::move(heap);
    return v;
}

Value Value::list(ValueList items)
{
    if (items.size() > kMaxListItems)
        raise("MemoryError", "a list of " + std::to_string(items.size()) +
                                 " items is over Interleave's limit of 1,048,576");
    int depth = 1;
    for (const Value &item : items) {
        if (item.m_kind == Kind::List)
            depth = std::max(depth, item.m_heap->depth + 1);
    }
    // Destroying, printing and comparing a list recurse through it; a list nested deeper
    // than this would overflow the stack.
    if (depth > kMaxListDepth)
        raise("RecursionError",
              "lists nested more than " + std::to_string(kMaxListDepth) + " deep");
    Value v;
    v.m_kind = Kind::List;
    auto heap = std::make_shared<Heap>();
    heap->items = std::move(items);
    heap->depth = depth;
    v.m_heap = std::move(heap);
    return v;
}

Value Value::range(Range r)
{
    if (r.step == 0)
        raise("ValueError", "range() arg 3 must not be zero");
    Value v;
    v.m_kind = Kind::Range;
    auto heap = std::make_shared<Heap>();
    heap->range = r;
    v.m_heap = std::move(heap);
    return v;
}

Value Value::object(ObjectKind kind, std::uint32_t id)
{
    Value v;
    v.m_kind = Kind::Object;
    v.m_sub = static_cast<std::uint8_t>(kind);
    v.m_int = id;
    return v;
}

const std::string &Value::asStr() const
{
    return m_heap->str;
}

const ValueList &Value::asList() const
{
    return m_heap->items;
}

const Range &Value::asRange() const
{
    return m_heap->range;
}

bool Value::truthy() const
{
    switch (m_kind) {
    case Kind::Unbound:
    case Kind::None:
        return false;
    case Kind::Bool:
    case Kind::Int:
        return m_int != 0;
    case Kind::Float:
        return m_float != 0.0;
    case Kind::Str:
        return !asStr().empty();
    case Kind::List:
        return !asList().empty();
    case Kind::Range:
        return asRange().size() > 0;
    case Kind::Object:
        return true;
    }
    return false;
}

const char *Value::typeName() const
{
    switch (m_kind) {
    case Kind::Unbound:
    case Kind::None:
        return "NoneType";
    case Kind::Bool:
        return "bool";
    case Kind::Int:
        return "int";
    case Kind::Float:
        return "float";
    case Kind::Str:
        return "str";
    case Kind::List:
        return "list";
    case Kind::Range:
        return "range";
    case Kind::Object:
        switch (objectKind()) {
        case ObjectKind::Lock:
            return "lock";
        case ObjectKind::Local:
            return "_thread._local";
        case ObjectKind::Queue:
            return "Queue";
        case ObjectKind::Thread:
            return "Thread";
        }
    }
    return "object";
}

std::string floatRepr(double d)
{
    if (std::isnan(d))
        return "nan";
    if (std::isinf(d))
        return d < 0 ? "-inf" : "inf";
    // Shortest round-trip digits, then CPython's layout: fixed notation for exponents from
    // -4 to 15, scientific otherwise, and always a '.0' on whole numbers.
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    const std::size_t e = sci.find('e');
    std::string mantissa = sci.substr(0, e);
    const int exponent = std::atoi(sci.c_str() + e + 1);
    const bool negative = mantissa[0] == '-';
    if (negative)
        mantissa.erase(0, 1);
    std::string digits;
    for (char c : mantissa)
        if (c != '.')
            digits += c;
    std::string out = negative ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
        const int point = exponent + 1; // digits before the decimal point
        if (point <= 0) {
            out += "0." + std::string(std::size_t(-point), '0') + digits;
        } else if (std::size_t(point) >= digits.size()) {
            out += digits + std::string(std::size_t(point) - digits.size(), '0') + ".0";
        } else {
            out += digits.substr(0, std::size_t(point)) + "." + digits.substr(std::size_t(point));
        }
        return out;
    }
    out += digits.substr(0, 1);
    if (digits.size() > 1)
        out += "." + digits.substr(1);
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + exp;
}

namespace {

std::string strRepr(const std::string &s)
{
    const bool single = s.find('\'') == std::string::npos || s.find('"') != std::string::npos;
    const char quote = single ? '\'' : '"';
    std::string out(1, quote);
    for (unsigned char c : s) {
        if (c == quote || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            out += char(c);
        }
    }
    out += quote;
    return out;
}

std::string rangeRepr(const Range &r)
{
    std::string out = "range(" + std::to_string(r.start) + ", " + std::to_string(r.stop);
    if (r.step != 1)
        out += ", " + std::to_string(r.step);
    return out + ")";
}

} // namespace

namespace {

void appendShort(std::string &out, const Value &v, std::size_t limit)
{
    if (out.size() > limit)
        return;
    if (v.kind() != Value::Kind::List) {
        const std::string r = v.kind() == Value::Kind::Str && v.asStr().size() > limit
                                  ? Value::str(v.asStr().substr(0, limit)).repr()
                                  : v.repr();
        out += r;
        return;
    }
    out += '[';
    const ValueList &items = v.asList();
    for (std::size_t i = 0; i < items.size() && out.size() <= limit; ++i) {
        if (i > 0)
            out += ", ";
        appendShort(out, items[i], limit);
    }
    out += ']';
}

} // namespace

std::string shortRepr(const Value &v, std::size_t limit)
{
    std::string out;
    appendShort(out, v, limit);
    if (out.size() > limit)
        out = out.substr(0, limit) + "...";
    return out;
}

std::string Value::str() const
{
    switch (m_kind) {
    case Kind::Str:
        return asStr();
    default:
        return repr();
    }
}

std::string Value::repr() const
{
    switch (m_kind) {
    case Kind::Unbound:
    case Kind::None:
        return "None";
    case Kind::Bool:
        return m_int ? "True" : "False";
    case Kind::Int:
        return std::to_string(m_int);
    case Kind::Float:
        return floatRepr(m_float);
    case Kind::Str:
        return strRepr(asStr());
    case Kind::List: {
        std::string out = "[";
        for (std::size_t i = 0; i < asList().size(); ++i) {
            if (i > 0)
                out += ", ";
            out += asList()[i].repr();
        }
        return out + "]";
    }
    case Kind::Range:
        return rangeRepr(asRange());
    case Kind::Object:
        return std::string("<") + typeName() + " object>";
    }
    return "None";
}

namespace {

[[noreturn]] void unsupported(BinOp op, const Value &a, const Value &b)
{
    raise("TypeError", std::string("unsupported operand type(s) for ") + binOpSymbol(op) + ": '" +
                           a.typeName() + "' and '" + b.typeName() + "'");
}

[[noreturn]] void overflow()
{
    raise("OverflowError", "integer overflow: Interleave's integers are 64-bit");
}

std::int64_t add(std::int64_t x, std::int64_t y)
{
    std::int64_t r = 0;
    if (__builtin_add_overflow(x, y, &r))
        overflow();
    return r;
}

std::int64_t sub(std::int64_t x, std::int64_t y)
{
    std::int64_t r = 0;
    if (__builtin_sub_overflow(x, y, &r))
        overflow();
    return r;
}

std::int64_t mul(std::int64_t x, std::int64_t y)
{
    std::int64_t r = 0;
    if (__builtin_mul_overflow(x, y, &r))
        overflow();
    return r;
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    if (b == 0)
        raise("ZeroDivisionError", "integer division or modulo by zero");
    if (a == INT64_MIN && b == -1)
        overflow();
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

std::int64_t floorMod(std::int64_t a, std::int64_t b)
{
    if (b == 0)
        raise("ZeroDivisionError", "integer division or modulo by zero");
    if (b == -1)
        return 0;
    std::int64_t r = a % b;
    if (r != 0 && ((r < 0) != (b < 0)))
        r += b;
    return r;
}

Value intPow(std::int64_t base, std::int64_t exp)
{
    if (exp < 0) {
        if (base == 0)
            raise("ZeroDivisionError", "0.0 cannot be raised to a negative power");
        return Value::floating(std::pow(double(base), double(exp)));
    }
    std::int64_t result = 1;
    while (exp > 0) {
        if (exp & 1)
            result = mul(result, base);
        exp >>= 1;
        if (exp > 0)
            base = mul(base, base);
    }
    return Value::integer(result);
}

Value floatOp(BinOp op, double x, double y)
{
    switch (op) {
    case BinOp::Add:
        return Value::floating(x + y);
    case BinOp::Sub:
        return Value::floating(x - y);
    case BinOp::Mul:
        return Value::floating(x * y);
    case BinOp::Div:
        if (y == 0.0)
            raise("ZeroDivisionError", "float division by zero");
        return Value::floating(x / y);
    case BinOp::FloorDiv: {
        if (y == 0.0)
            raise("ZeroDivisionError", "float floor division by zero");
        // CPython's float divmod: through fmod, so that 1 // 0.1 is 9.0, not 10.0.
        const double mod = std::fmod(x, y);
        double div = (x - mod) / y;
        if (mod != 0.0 && ((y < 0) != (mod < 0)))
            div -= 1.0;
        if (div == 0.0)
            return Value::floating(std::copysign(0.0, x / y));
        double floored = std::floor(div);
        if (div - floored > 0.5)
            floored += 1.0;
        return Value::floating(floored);
    }
    case BinOp::Mod: {
        if (y == 0.0)
            raise("ZeroDivisionError", "float modulo");
        double r = std::fmod(x, y);
        if (r != 0.0 && ((r < 0) != (y < 0)))
            r += y;
        return Value::floating(r);
    }
    case BinOp::Pow:
        if (x == 0.0 && y < 0)
            raise("ZeroDivisionError", "0.0 cannot be raised to a negative power");
        return Value::floating(std::pow(x, y));
    }
    return Value::none();
}

Value intOp(BinOp op, std::int64_t x, std::int64_t y)
{
    switch (op) {
    case BinOp::Add:
        return Value::integer(add(x, y));
    case BinOp::Sub:
        return Value::integer(sub(x, y));
    case BinOp::Mul:
        return Value::integer(mul(x, y));
    case BinOp::Div:
        if (y == 0)
            raise("ZeroDivisionError", "division by zero");
        return Value::floating(double(x) / double(y));
    case BinOp::FloorDiv:
        return Value::integer(floorDiv(x, y));
    case BinOp::Mod:
        return Value::integer(floorMod(x, y));
    case BinOp::Pow:
        return intPow(x, y);
    }
    return Value::none();
}

Value repeat(const Value &seq, std::int64_t times)
{
    times = std::max<std::int64_t>(times, 0);
    if (seq.kind() == Value::Kind::Str) {
        const std::string &s = seq.asStr();
        if (!s.empty() && std::uint64_t(times) > kMaxStrBytes / s.size())
            raise("MemoryError", "the repeated string would be over Interleave's limit of 1 MiB");
        std::string out;
        for (std::int64_t i = 0; i < times; ++i)
            out += s;
        return Value::str(std::move(out));
    }
    const ValueList &items = seq.asList();
    if (!items.empty() && std::uint64_t(times) > kMaxListItems / items.size())
        raise("MemoryError",
              "the repeated list would be over Interleave's limit of 1,048,576 items");
    ValueList out;
    out.reserve(items.size() * std::size_t(times));
    for (std::int64_t i = 0; i < times; ++i)
        out.insert(out.end(), items.begin(), items.end());
    return Value::list(std::move(out));
}

bool isSeq(const Value &v)
{
    return v.kind() == Value::Kind::Str || v.kind() == Value::Kind::List;
}

} // namespace

const char *binOpSymbol(BinOp op)
{
    static const char *const names[] = {"+", "-", "*", "/", "//", "%", "**"};
    return names[static_cast<int>(op)];
}

const char *cmpOpSymbol(CmpOp op)
{
    static const char *const names[] = {"==", "!=", "<", "<=", ">", ">=", "in", "not in"};
    return names[static_cast<int>(op)];
}

Value binary(BinOp op, const Value &a, const Value &b)
{
    if (a.isInt() && b.isInt())
        return intOp(op, a.asInt(), b.asInt());
    if (a.isNumber() && b.isNumber())
        return floatOp(op, a.asFloat(), b.asFloat());
    if (op == BinOp::Add && a.kind() == b.kind() && isSeq(a)) {
        if (a.kind() == Value::Kind::Str)
            return Value::str(a.asStr() + b.asStr());
        ValueList items = a.asList();
        items.insert(items.end(), b.asList().begin(), b.asList().end());
        return Value::list(std::move(items));
    }
    if (op == BinOp::Mul && isSeq(a) && b.isInt())
        return repeat(a, b.asInt());
    if (op == BinOp::Mul && a.isInt() && isSeq(b))
        return repeat(b, a.asInt());
    if (op == BinOp::Mod && a.kind() == Value::Kind::Str)
        raise("TypeError", "'%' formatting of strings is not supported here: use an f-string");
    unsupported(op, a, b);
}

Value negate(const Value &v)
{
    if (v.isInt()) {
        if (v.asInt() == INT64_MIN)
            overflow();
        return Value::integer(-v.asInt());
    }
    if (v.kind() == Value::Kind::Float)
        return Value::floating(-v.asFloat());
    raise("TypeError", std::string("bad operand type for unary -: '") + v.typeName() + "'");
}

bool equal(const Value &a, const Value &b)
{
    if (a.isInt() && b.isInt())
        return a.asInt() == b.asInt();
    if (a.isNumber() && b.isNumber())
        return a.asFloat() == b.asFloat();
    if (a.kind() != b.kind())
        return false;
    switch (a.kind()) {
    case Value::Kind::Unbound:
    case Value::Kind::None:
        return true;
    case Value::Kind::Str:
        return a.asStr() == b.asStr();
    case Value::Kind::List: {
        const ValueList &x = a.asList();
        const ValueList &y = b.asList();
        if (x.size() != y.size())
            return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!equal(x[i], y[i]))
                return false;
        return true;
    }
    case Value::Kind::Range: {
        const Range &x = a.asRange();
        const Range &y = b.asRange();
        return x.size() == y.size() &&
               (x.size() == 0 || (x.start == y.start && (x.size() == 1 || x.step == y.step)));
    }
    case Value::Kind::Object:
        return a.objectKind() == b.objectKind() && a.objectId() == b.objectId();
    default:
        return false;
    }
}

namespace {

// -1, 0, 1 for the ordering comparisons; raises for types Python cannot order.
int order(const Value &a, const Value &b, CmpOp op)
{
    if (a.isInt() && b.isInt())
        return a.asInt() < b.asInt() ? -1 : a.asInt() > b.asInt() ? 1 : 0;
    if (a.isNumber() && b.isNumber()) {
        const double x = a.asFloat();
        const double y = b.asFloat();
        if (std::isnan(x) || std::isnan(y))
            return 2; // unordered: every ordering comparison is false
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a.kind() == Value::Kind::Str && b.kind() == Value::Kind::Str) {
        const int c = a.asStr().compare(b.asStr());
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (a.kind() == Value::Kind::List && b.kind() == Value::Kind::List) {
        const ValueList &x = a.asList();
        const ValueList &y = b.asList();
        for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (!equal(x[i], y[i]))
                return order(x[i], y[i], op);
        }
        return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    }
    raise("TypeError", std::string("'") + cmpOpSymbol(op) +
                           "' not supported between instances of '" + a.typeName() + "' and '" +
                           b.typeName() + "'");
}

bool contains(const Value &container, const Value &v)
{
    switch (container.kind()) {
    case Value::Kind::Str:
        if (v.kind() != Value::Kind::Str)
            raise("TypeError", std::string("'in <string>' requires string as left operand, not ") +
                                   v.typeName());
        return container.asStr().find(v.asStr()) != std::string::npos;
    case Value::Kind::List:
        for (const Value &x : container.asList())
            if (equal(x, v))
                return true;
        return false;
    case Value::Kind::Range: {
        if (!v.isInt())
            return false;
        const Range &r = container.asRange();
        const Int128 x = v.asInt();
        const bool inside =
            r.step > 0 ? (x >= r.start && x < r.stop) : (x <= r.start && x > r.stop);
        return inside && (x - r.start) % r.step == 0;
    }
    default:
        raise("TypeError",
              std::string("argument of type '") + container.typeName() + "' is not iterable");
    }
}

} // namespace

bool compare(CmpOp op, const Value &a, const Value &b)
{
    switch (op) {
    case CmpOp::Eq:
        return equal(a, b);
    case CmpOp::Ne:
        return !equal(a, b);
    case CmpOp::In:
        return contains(b, a);
    case CmpOp::NotIn:
        return !contains(b, a);
    default:
        break;
    }
    const int c = order(a, b, op);
    if (c == 2)
        return false;
    switch (op) {
    case CmpOp::Lt:
        return c < 0;
    case CmpOp::Le:
        return c <= 0;
    case CmpOp::Gt:
        return c > 0;
    case CmpOp::Ge:
        return c >= 0;
    default:
        return false;
    }
}

std::size_t codePoints(std::string_view s)
{
    std::size_t n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

std::int64_t length(const Value &v)
{
    switch (v.kind()) {
    case Value::Kind::Str:
        return std::int64_t(codePoints(v.asStr()));
    case Value::Kind::List:
        return std::int64_t(v.asList().size());
    case Value::Kind::Range:
        return v.asRange().size();
    default:
        raise("TypeError", std::string("object of type '") + v.typeName() + "' has no len()");
    }
}

Value item(const Value &v, const Value &index)
{
    if (!index.isInt())
        raise("TypeError",
              std::string(v.typeName()) + " indices must be integers, not " + index.typeName());
    const std::int64_t n = length(v);
    std::int64_t i = index.asInt();
    if (i < 0)
        i += n;
    if (i < 0 || i >= n)
        raise("IndexError", std::string(v.typeName()) + " index out of range");
    switch (v.kind()) {
    case Value::Kind::List:
        return v.asList()[std::size_t(i)];
    case Value::Kind::Range:
        return Value::integer(v.asRange().at(i));
    default: {
        const std::string &s = v.asStr();
        std::size_t pos = 0;
        for (std::int64_t cp = 0; pos < s.size(); ++pos) {
            if ((static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80)
                continue;
            if (cp++ == i)
                break;
        }
        std::size_t end = pos + 1;
        while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80)
            ++end;
        return Value::str(s.substr(pos, end - pos));
    }
    }
}

namespace {

std::string groupThousands(const std::string &digits)
{
    // digits may start with '-' and may have a fractional part.
    const std::size_t sign = digits[0] == '-' ? 1 : 0;
    const std::size_t point = std::min(digits.find('.'), digits.size());
    std::string out = digits.substr(0, sign);
    const std::string whole = digits.substr(sign, point - sign);
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0)
            out += ',';
        out += whole[i];
    }
    return out + digits.substr(point);
}

} // namespace

namespace {

struct FormatSpec
{
    bool comma = false;
    int precision = -1;
    char type = 0;
    bool valid = false;
};

FormatSpec parseSpec(std::string_view spec)
{
    FormatSpec f;
    std::size_t i = 0;
    if (i < spec.size() && spec[i] == ',') {
        f.comma = true;
        ++i;
    }
    if (i < spec.size() && spec[i] == '.') {
        ++i;
        f.precision = 0;
        if (i >= spec.size() || spec[i] < '0' || spec[i] > '9')
            return f;
        while (i < spec.size() && spec[i] >= '0' && spec[i] <= '9' && f.precision < 100)
            f.precision = f.precision * 10 + (spec[i++] - '0');
    }
    if (i < spec.size())
        f.type = spec[i++];
    f.valid = i == spec.size() &&
              (f.type == 0 || std::string_view("fd%eg").find(f.type) != std::string_view::npos);
    return f;
}

} // namespace

std::string formatSpecError(std::string_view spec)
{
    if (spec.empty() || parseSpec(spec).valid)
        return {};
    return "format spec '" + std::string(spec) + "' is not supported: use [,][.N][f|d|%|e|g]";
}

std::string formatValue(const Value &v, std::string_view spec)
{
    if (spec.empty())
        return v.str();
    const FormatSpec f = parseSpec(spec);
    if (!f.valid)
        raise("ValueError", formatSpecError(spec));
    if (!v.isNumber())
        raise("ValueError",
              "format spec '" + std::string(spec) + "' needs a number, not " + v.typeName());
    std::string text;
    if (v.isInt() && f.type == 0 && f.precision >= 0)
        raise("ValueError", "Precision not allowed in integer format specifier");
    if (f.type == 'd' || (f.type == 0 && f.precision < 0 && v.isInt())) {
        if (!v.isInt())
            raise("ValueError", "Unknown format code 'd' for object of type 'float'");
        text = std::to_string(v.asInt());
    } else if (f.type == 0 && f.precision < 0) {
        text = floatRepr(v.asFloat()); // no type, no precision: as str() shows it
    } else if (f.type == 0) {
        // Python's general format, but a whole number keeps one digit after the point.
        char buf[512];
        std::snprintf(buf, sizeof buf, "%.*g", std::max(f.precision, 1), v.asFloat());
        text = buf;
        if (text.find_first_of(".eni") == std::string::npos)
            text += ".0";
    } else {
        char buf[512];
        double x = v.asFloat();
        const char code = f.type == 0 ? 'g' : f.type == '%' ? 'f' : f.type;
        if (f.type == '%')
            x *= 100.0;
        std::snprintf(buf, sizeof buf,
                      code == 'f'   ? "%.*f"
                      : code == 'e' ? "%.*e"
                                    : "%.*g",
                      f.precision < 0 ? 6 : f.precision, x);
        text = buf;
        if (f.type == '%')
            text += '%';
    }
    return f.comma ? groupThousands(text) : text;
}

Value roundValue(const Value &v, const Value *ndigits)
{
    if (!v.isNumber())
        raise("TypeError", std::string("type ") + v.typeName() + " doesn't define __round__");
    if (ndigits == nullptr || ndigits->kind() == Value::Kind::None) {
        if (v.isInt())
            return Value::integer(v.asInt());
        const double r = std::nearbyint(v.asFloat()); // ties to even, as Python
        if (!std::isfinite(r) || std::fabs(r) >= 9.2e18)
            overflow();
        return Value::integer(static_cast<std::int64_t>(r));
    }
    if (!ndigits->isInt())
        raise("TypeError", "round() ndigits must be an integer");
    const std::int64_t n = std::clamp<std::int64_t>(ndigits->asInt(), -300, 300);
    if (v.isInt()) {
        if (n >= 0)
            return Value::integer(v.asInt());
        if (n < -18)
            return Value::integer(0);
        std::int64_t scale = 1;
        for (std::int64_t i = 0; i < -n; ++i)
            scale *= 10;
        const Int128 x = v.asInt();
        Int128 q = x / scale;
        Int128 r = x % scale;
        if (r < 0) { // floor division
            r += scale;
            --q;
        }
        if (2 * r > scale || (2 * r == scale && (q % 2 != 0)))
            ++q;
        const Int128 result = q * scale;
        if (result > INT64_MAX || result < INT64_MIN)
            overflow();
        return Value::integer(std::int64_t(result));
    }
    if (n < 0) {
        const double scale = std::pow(10.0, double(-n));
        return Value::floating(std::nearbyint(v.asFloat() / scale) * scale);
    }
    // Correctly rounded through the decimal text, as CPython does.
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.*f", int(n), v.asFloat());
    return Value::floating(std::strtod(buf, nullptr));
}

} // namespace interleave::lang
