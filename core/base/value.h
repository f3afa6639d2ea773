#pragma once

// The values of the workload language, with Python's semantics for what the language has:
// None, bools, 64-bit ints (overflow is an error, never undefined behaviour), floats, strings,
// immutable lists, lazy ranges and a few objects (locks, thread-locals, queues, threads).

#include "langlimits.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace interleave::lang {

// A Python exception raised while running a program: its type name and message, as CPython
// would print them ("ZeroDivisionError", "integer division or modulo by zero").
struct ScriptError
{
    std::string type;
    std::string message;
};
[[noreturn]] void raise(std::string type, std::string message);

enum class ObjectKind : std::uint8_t
{
    Lock,   // threading.Lock()
    Local,  // threading.local()
    Queue,  // multiprocessing.Queue()
    Thread, // threading.current_thread()
};

class Value;
using ValueList = std::vector<Value>;

struct Range
{
    std::int64_t start = 0;
    std::int64_t stop = 0;
    std::int64_t step = 1;
    std::int64_t size() const;
    std::int64_t at(std::int64_t i) const { return start + i * step; }
};

class Value
{
public:
    enum class Kind : std::uint8_t
    {
        Unbound, // a local read before it was assigned
        None,
        Bool,
        Int,
        Float,
        Str,
        List,
        Range,
        Object,
    };

    Value() = default;
    static Value none();
    static Value boolean(bool b);
    static Value integer(std::int64_t i);
    static Value floating(double f);
    static Value str(std::string s);
    static Value list(ValueList items);
    static Value range(Range r);
    static Value object(ObjectKind kind, std::uint32_t id);

    Kind kind() const { return m_kind; }
    bool isInt() const { return m_kind == Kind::Int || m_kind == Kind::Bool; }
    bool isNumber() const { return isInt() || m_kind == Kind::Float; }
    std::int64_t asInt() const { return m_int; } // Int and Bool
    double asFloat() const { return m_kind == Kind::Float ? m_float : double(m_int); }
    const std::string &asStr() const;
    const ValueList &asList() const;
    const Range &asRange() const;
    ObjectKind objectKind() const { return static_cast<ObjectKind>(m_sub); }
    std::uint32_t objectId() const { return static_cast<std::uint32_t>(m_int); }

    // Python's bool(), str(), repr() and type(x).__name__.
    bool truthy() const;
    std::string str() const;
    std::string repr() const;
    const char *typeName() const;

private:
    struct Heap;
    Kind m_kind = Kind::Unbound;
    std::uint8_t m_sub = 0;
    union {
        std::int64_t m_int = 0;
        double m_float;
    };
    std::shared_ptr<const Heap> m_heap;
};

enum class BinOp : std::uint8_t
{
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow
};
enum class CmpOp : std::uint8_t
{
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn
};

const char *binOpSymbol(BinOp op);
const char *cmpOpSymbol(CmpOp op);

// Python's operators on values; they raise ScriptError as CPython would raise its exceptions.
Value binary(BinOp op, const Value &a, const Value &b);
bool compare(CmpOp op, const Value &a, const Value &b);
bool equal(const Value &a, const Value &b);
Value negate(const Value &v);

// len(), indexing and iteration over str, list and range.
std::int64_t length(const Value &v);
Value item(const Value &v, const Value &index);

// repr() cut short after about `limit` characters (with "..."), without building the rest:
// for labels of calls whose arguments may be huge.
std::string shortRepr(const Value &v, std::size_t limit = 80);

// repr() of a float as CPython prints it: the shortest text that reads back the same.
std::string floatRepr(double d);
// format(value, spec) for the specs f-strings use most: [,][.N][f|d|%|e|g].
std::string formatValue(const Value &v, std::string_view spec);
// Why `spec` is not one formatValue() knows, or nothing: so that a workload's f-strings are
// checked when it loads, not half-way through a run.
std::string formatSpecError(std::string_view spec);
// Python's round(x) and round(x, n).
Value roundValue(const Value &v, const Value *ndigits);
// Code points of a UTF-8 string (what len() counts).
std::size_t codePoints(std::string_view s);

} // namespace interleave::lang
