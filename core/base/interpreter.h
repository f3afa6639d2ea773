#pragma once

// The one interpreter of workload programs. One per thread: it keeps that thread's
// thread-local data (threading.local) across the calls it runs, and asks its Host for
// everything that touches the world (output, waits, work, globals, locks, queues).

#include "host.h"
#include "program.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace interleave::lang {

// A Python exception that ended a call, located: "file:line:column: in f: Type: message".
struct RuntimeError
{
    std::string message;
};

class Interpreter
{
public:
    Interpreter(const Program &program, Host &host);

    // Runs function `function` with `args`; returns what it returned. Throws RuntimeError,
    // or Stopped when the host stops it.
    Value call(int function, std::vector<Value> args);
    // Module-level code ("after").
    void run(const std::vector<Stmt> &body);
    // A module-level expression (a global's value, a call's arguments, an expectation).
    Value evaluate(const Expr &e);

private:
    enum class Flow
    {
        Next,
        Return
    };

    Value callUser(int function, std::vector<Value> args);
    Flow exec(const std::vector<Stmt> &body);
    Flow execOne(const Stmt &s);
    Flow execFor(const Stmt &s);
    Flow execRepeat(const Stmt &s);
    Flow execWith(const Stmt &s);
    void assign(const Target &t, Value v);
    Value load(const Target &t);

    Value eval(const Expr &e);
    Value evalBinary(const Expr &e);
    Value evalCompare(const Expr &e);
    Value evalBuiltin(const Expr &e);
    Value evalMethod(const Expr &e);
    Value evalAttr(const Expr &e);
    Value attribute(const Value &object, const std::string &name);
    Value evalFString(const Expr &e);
    std::vector<Value> args(const Expr &e, std::size_t from = 0);
    Value print(const Expr &e);
    Value sleep(const Value &seconds);
    Value countPrimes(const std::vector<Value> &a);
    void countRecorded();

    [[noreturn]] void locate(const ScriptError &error);

    const Program &m_program;
    Host &m_host;
    std::vector<Value> *m_frame = nullptr; // the running function's locals
    std::vector<const Function *> m_stack;
    std::size_t m_at = 0; // document offset of what runs, for error messages
    Value m_returned;
    std::map<std::pair<std::uint32_t, std::string>, Value> m_threadLocals;
    // This thread's use of the run's budget (langlimits.h).
    double m_waited = 0;
    std::uint64_t m_printedBytes = 0;
    std::uint64_t m_recorded = 0;
};

} // namespace interleave::lang
