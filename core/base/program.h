#pragma once

// A workload's program, compiled: functions, module globals, options, the calls to run, the
// code the main thread runs after them, and the expectations a run is checked against. Built
// once by compile() (compiler.h) and then only read, by any number of threads at once.

#include "value.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace interleave::lang {

enum class Builtin : std::uint8_t
{
    Print,
    Sleep,
    Time,
    PerfCounter,
    Len,
    Str,
    Int,
    Float,
    Range,
    List,
    Round,
    Abs,
    Min,
    Max,
    Sum,
    All,
    Any,
    Sorted,
    CountPrimes,
    Lock,
    Local,
    Queue,
    CurrentThread,
    MainThread,
    GetPid,
    Took, // expectations only: seconds a function's first call took
};

struct Expr
{
    enum class Op : std::uint8_t
    {
        Const,
        Name,   // unresolved (the parser's output); the compiler resolves every one
        Local,  // slot: the frame's variable
        Global, // slot: the process's global
        Fact,   // slot: a fact about a finished run (expectations only)
        Neg,
        Not,
        Binary, // bin
        And,
        Or,
        Compare, // cmps, kids: the operands
        IfElse,  // kids: condition, then, else
        List,
        FString, // kids: Const parts and Format nodes
        Format,  // kids[0] formatted with `name` as spec; slot 1: !r
        Call,    // kids: args; name: the function as written; keywords: names of the last args
        Builtin, // slot: Builtin; kids and keywords as Call
        User,    // slot: function index
        Method,  // kids[0] the object, then args; name: the method
        Attr,    // kids[0].name
        Index,   // kids[0][kids[1]]
    };
    Op op = Op::Const;
    BinOp bin = BinOp::Add;
    int slot = -1;
    std::size_t pos = 0; // document offset
    Value constant;
    std::string name;
    std::vector<CmpOp> cmps;
    std::vector<std::string> keywords;
    std::vector<Expr> kids;
};

// Where an assignment stores: a name (local or global) or an attribute of a thread-local.
struct Target
{
    std::string name;
    bool global = false;
    int slot = -1;
    std::optional<Expr> object; // set for `obj.attr = ...`; name is then the attribute
    std::size_t pos = 0;
};

struct Stmt
{
    enum class Op : std::uint8_t
    {
        Expr,      // expr
        Assign,    // target = expr
        AugAssign, // target bin= expr: a load, the operation, then a store
        Return,    // expr (None when absent)
        Pass,
        Global, // names (compile time only)
        For,    // for target in expr: body
        Repeat, // repeat expr times: body
        If,     // if expr: body else: orelse
        With,   // with expr (a lock): body
    };
    Op op = Op::Pass;
    BinOp bin = BinOp::Add;
    std::size_t pos = 0;
    Target target;
    Expr expr;
    std::vector<std::string> names;
    std::vector<Stmt> body;
    std::vector<Stmt> orelse;
};

struct Function
{
    std::string name;
    std::vector<std::string> params; // the first locals
    int locals = 0;                  // frame size
    std::vector<Stmt> body;
    std::size_t pos = 0;
};

struct Option
{
    std::string name;
    bool defaultValue = false;
    std::string help;
    int slot = -1; // the global that holds it
};

// One entry of "calls": a call, or a map of a function over a list or range.
struct CallEntry
{
    Expr call;                 // a User call (kids: the arguments) or, for a map, the iterable
    int mapFunction = -1;      // set for a map
    std::string threadName;    // Python's Thread(name=...)
    std::optional<Expr> delay; // seconds the caller sleeps before starting it
    std::int64_t repeat = 1;
    std::size_t pos = 0;
};

struct Expectation
{
    std::optional<Expr> when;
    Expr that;
    Expr says;                     // an FString
    std::optional<Expr> otherwise; // an FString
    std::string source;            // `that` as written
    std::size_t pos = 0;
};

// The facts about a finished run that expectations may name.
enum class Fact : std::uint8_t
{
    Mode,
    Gil,
    SwitchInterval,
    Workers,
    Cores,
    Wall,
    Speedup,
    Output,
    Results,
};
inline constexpr int kFactCount = 9;
const char *factName(Fact fact);

struct Program
{
    std::string origin; // the file, for messages
    std::string source; // the document it was compiled from
    std::string name;
    std::string title;
    std::string lesson;
    std::string seed; // where it comes from
    std::map<std::string, double> idealMs;

    std::vector<std::string> globals;          // slot -> name
    std::vector<std::pair<int, Expr>> initial; // global slot and its initial value, in order
    int resultsSlot = -1;                      // the global `results`, set before `after`
    std::vector<Option> options;
    std::vector<Function> functions;
    std::vector<CallEntry> calls;
    std::vector<Stmt> after;
    std::vector<Expectation> expectations;
    std::uint32_t locks = 0;
    std::vector<std::string> lockNames; // by lock: the global it was made for
    std::uint32_t locals = 0;
    std::uint32_t queues = 0;

    int functionIndex(std::string_view wanted) const;
    int globalSlot(std::string_view wanted) const;
    // "file:line:column" for a document offset.
    std::string where(std::size_t offset) const;
};

} // namespace interleave::lang
