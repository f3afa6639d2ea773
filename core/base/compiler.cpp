#include "compiler.h"

#include "json.h"
#include "modes.h"
#include "syntax.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

namespace interleave::lang {

namespace {

using json::Node;

struct BuiltinInfo
{
    const char *name;
    Builtin builtin;
    int minArgs;
    int maxArgs;
};

// Called by name: print(...), len(x), ...
constexpr BuiltinInfo kFunctions[] = {
    {"print", Builtin::Print, 0, 1000},
    {"sleep", Builtin::Sleep, 1, 1},
    {"len", Builtin::Len, 1, 1},
    {"str", Builtin::Str, 0, 1},
    {"int", Builtin::Int, 0, 1},
    {"float", Builtin::Float, 0, 1},
    {"range", Builtin::Range, 1, 3},
    {"list", Builtin::List, 0, 1},
    {"round", Builtin::Round, 1, 2},
    {"abs", Builtin::Abs, 1, 1},
    {"min", Builtin::Min, 1, 1000},
    {"max", Builtin::Max, 1, 1000},
    {"sum", Builtin::Sum, 1, 1},
    {"all", Builtin::All, 1, 1},
    {"any", Builtin::Any, 1, 1},
    {"sorted", Builtin::Sorted, 1, 1},
    {"compute", Builtin::CountPrimes, 1, 2},
    {"took", Builtin::Took, 1, 1},
};

// Called through a module: time.sleep(0.2), threading.Lock(), ...
struct ModuleFunction
{
    const char *module;
    const char *name;
    Builtin builtin;
    int args;
};
constexpr ModuleFunction kModuleFunctions[] = {
    {"time", "sleep", Builtin::Sleep, 1},
    {"time", "time", Builtin::Time, 0},
    {"time", "perf_counter", Builtin::PerfCounter, 0},
    {"threading", "Lock", Builtin::Lock, 0},
    {"threading", "local", Builtin::Local, 0},
    {"threading", "current_thread", Builtin::CurrentThread, 0},
    {"threading", "main_thread", Builtin::MainThread, 0},
    {"os", "getpid", Builtin::GetPid, 0},
    {"multiprocessing", "Queue", Builtin::Queue, 0},
    {"queue", "Queue", Builtin::Queue, 0},
};

bool isModule(std::string_view name)
{
    for (const ModuleFunction &f : kModuleFunctions)
        if (name == f.module)
            return true;
    return false;
}

const BuiltinInfo *builtinFunction(std::string_view name)
{
    for (const BuiltinInfo &b : kFunctions)
        if (name == b.name)
            return &b;
    return nullptr;
}

bool createsObject(Builtin b)
{
    return b == Builtin::Lock || b == Builtin::Local || b == Builtin::Queue;
}

// Letters added, dropped, changed or swapped to turn `a` into `b` (optimal string alignment).
std::size_t editDistance(const std::string &a, const std::string &b)
{
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

// " (did you mean "numbers"?)" for the closest known name, when one is close enough.
std::string didYouMean(const std::string &name, const std::vector<std::string> &known)
{
    const std::size_t allowed = name.size() <= 4 ? 1 : 2;
    std::string best;
    std::size_t bestDistance = allowed + 1;
    for (const std::string &k : known) {
        const std::size_t distance = k == name ? allowed + 1 : editDistance(name, k);
        if (distance < bestDistance) {
            best = k;
            bestDistance = distance;
        }
    }
    return best.empty() ? std::string() : " (did you mean \"" + best + "\"?)";
}

// Where names lead while compiling one piece of code.
struct Scope
{
    enum class Kind
    {
        Module,      // globals' initial values, calls, "after"
        Function,    // a function body
        Expectation, // "expect": facts first
    };
    Kind kind = Kind::Module;
    std::map<std::string, int> locals;
    std::set<std::string> globals; // declared `global` in this function
    bool allowObjects = false;     // a global's initial value may create a lock, local, queue
};

class Compiler
{
public:
    Compiler(std::string_view document, std::string origin)
        : m_doc(document), m_program(std::make_shared<Program>())
    {
        m_program->origin = std::move(origin);
        m_program->source = std::string(document);
    }

    std::shared_ptr<Program> run()
    {
        if (m_doc.size() > kMaxDocumentBytes)
            throw CompileError{0, "the file is " + std::to_string(m_doc.size()) +
                                      " bytes; a workload may have at most 512 KiB"};
        Node root;
        try {
            root = json::parse(m_doc);
        } catch (const json::ParseError &e) {
            throw CompileError{e.offset, e.message};
        }
        if (root.type != Node::Type::Object)
            fail(root, "the top level must be an object: {\"name\": ..., \"functions\": {...}, "
                       "\"calls\": [...]}");
        allowOnly(root, {"name", "title", "lesson", "source", "ideal_ms", "options", "globals",
                         "functions", "calls", "after", "expect"});
        header(root);
        declareGlobals(root);
        declareFunctions(root);
        declareAssignedGlobals();
        declareAfter(root);
        compileGlobals(root);
        compileFunctions();
        compileCalls(root);
        compileAfter();
        compileExpectations(root);
        return m_program;
    }

private:
    // --- the document -----------------------------------------------------------------------

    [[noreturn]] void fail(const Node &at, std::string message) const
    {
        throw CompileError{at.offset, std::move(message)};
    }

    void allowOnly(const Node &object, const std::vector<const char *> &known) const
    {
        for (const auto &[key, value] : object.members) {
            const std::string &name = key.text; // (a lambda may not capture a binding in clang 14)
            const bool ok =
                std::any_of(known.begin(), known.end(), [&](const char *k) { return name == k; });
            if (ok)
                continue;
            std::string list;
            for (const char *k : known)
                list += (list.empty() ? "" : ", ") + std::string(k);
            fail(key, "unknown field \"" + key.text + "\" (expected one of: " + list + ")");
        }
    }

    const Node &require(const Node &object, const char *field, Node::Type type,
                        const char *what) const
    {
        const Node *n = object.member(field);
        if (n == nullptr)
            fail(object, std::string("missing \"") + field + "\" (" + what + ")");
        if (n->type != type)
            fail(*n, std::string("\"") + field + "\" must be " + what + ", not " + n->typeName());
        return *n;
    }

    std::string optionalText(const Node &object, const char *field) const
    {
        const Node *n = object.member(field);
        if (n == nullptr)
            return {};
        if (n->type != Node::Type::String)
            fail(*n, std::string("\"") + field + "\" must be a text in double quotes");
        return n->text;
    }

    OffsetMap mapOf(const Node &string) const
    {
        return [this, &string](std::size_t i) { return json::offsetInString(m_doc, string, i); };
    }

    const Node &textNode(const Node &n, const char *what) const
    {
        if (n.type != Node::Type::String)
            fail(n, std::string("expected ") + what + " as a text in double quotes, not " +
                        n.typeName());
        return n;
    }

    // An expression: a text of Python, or a plain JSON number or true/false.
    Expr expression(const Node &n, Scope &scope, const char *what)
    {
        Expr e = unresolved(n, what);
        if (e.op != Expr::Op::Const)
            resolve(e, scope);
        return e;
    }

    Expr unresolved(const Node &n, const char *what) const
    {
        Expr e;
        if (n.type == Node::Type::Number) {
            e.op = Expr::Op::Const;
            e.pos = n.offset;
            const bool whole = n.text.find_first_of(".eE") == std::string::npos;
            if (whole && std::fabs(n.number) < 9.2e18)
                e.constant = Value::integer(std::int64_t(std::llround(n.number)));
            else
                e.constant = Value::floating(n.number);
            return e;
        }
        if (n.type == Node::Type::Bool) {
            e.op = Expr::Op::Const;
            e.pos = n.offset;
            e.constant = Value::boolean(n.boolean);
            return e;
        }
        const Node &text = textNode(n, what);
        return parseExpression(text.text, mapOf(text));
    }

    void header(const Node &root)
    {
        Program &p = *m_program;
        const Node &name = require(root, "name", Node::Type::String, "a text");
        p.name = name.text;
        const bool valid = !p.name.empty() && std::isalnum(static_cast<unsigned char>(p.name[0])) &&
                           std::all_of(p.name.begin(), p.name.end(), [](char c) {
                               return std::isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                                      c == '_' || c == '-';
                           });
        if (!valid)
            fail(name, "\"name\" must be letters, digits, '.', '_' or '-', like \"my-workload\"");
        p.title = optionalText(root, "title");
        p.lesson = optionalText(root, "lesson");
        p.seed = optionalText(root, "source");
        if (const Node *ideal = root.member("ideal_ms")) {
            if (ideal->type != Node::Type::Object)
                fail(*ideal, "\"ideal_ms\" must be an object such as {\"sequential\": 1600}");
            std::vector<const char *> modes;
            for (const ModeTraits &t : kModes)
                modes.push_back(t.name);
            allowOnly(*ideal, modes);
            for (const auto &[mode, ms] : ideal->members) {
                if (ms.type != Node::Type::Number || ms.number < 0 || ms.number > 1e9)
                    fail(ms, "an ideal time must be a number of milliseconds from 0 to 1e9");
                p.idealMs[mode.text] = ms.number;
            }
        }
    }

    // --- declarations -------------------------------------------------------------------------

    int addGlobal(const std::string &name)
    {
        const auto [it, added] = m_globalSlots.emplace(name, int(m_program->globals.size()));
        if (added)
            m_program->globals.push_back(name);
        return it->second;
    }

    int globalSlot(const std::string &name) const
    {
        const auto it = m_globalSlots.find(name);
        return it == m_globalSlots.end() ? -1 : it->second;
    }

    void checkName(const Node &at, const std::string &name, const char *what) const
    {
        if (!isIdentifier(name))
            fail(at, std::string(what) + " \"" + name +
                         "\" must be a name like counter_lock (letters, digits, _)");
        if (builtinFunction(name) != nullptr)
            fail(at,
                 std::string(what) + " \"" + name + "\" would hide Python's own " + name + "()");
    }

    void declareGlobals(const Node &root)
    {
        if (const Node *globals = root.member("globals")) {
            if (globals->type != Node::Type::Object)
                fail(*globals, "\"globals\" must be an object such as {\"counter\": \"0\"}");
            for (const auto &[key, value] : globals->members) {
                checkName(key, key.text, "the global");
                addGlobal(key.text);
            }
        }
        if (const Node *options = root.member("options")) {
            if (options->type != Node::Type::Object)
                fail(*options, "\"options\" must be an object such as {\"locked\": {\"default\": "
                               "false, \"help\": \"...\"}}");
            for (const auto &[key, value] : options->members)
                declareOption(key, value);
        }
        m_program->resultsSlot = addGlobal("results");
    }

    void declareOption(const Node &key, const Node &value)
    {
        checkName(key, key.text, "the option");
        if (globalSlot(key.text) >= 0)
            fail(key, "the option \"" + key.text + "\" has the name of a global");
        Option o;
        o.name = key.text;
        if (value.type == Node::Type::Bool) {
            o.defaultValue = value.boolean;
        } else if (value.type == Node::Type::Object) {
            allowOnly(value, {"default", "help"});
            const Node *d = value.member("default");
            if (d != nullptr && d->type != Node::Type::Bool)
                fail(*d, "an option's \"default\" must be true or false");
            o.defaultValue = d != nullptr && d->boolean;
            o.help = optionalText(value, "help");
        } else {
            fail(value, "an option must be true, false or {\"default\": false, \"help\": \"...\"}");
        }
        o.slot = addGlobal(o.name);
        m_program->options.push_back(std::move(o));
    }

    void declareFunctions(const Node &root)
    {
        const Node *functions = root.member("functions");
        if (functions == nullptr)
            return;
        if (functions->type != Node::Type::Object)
            fail(*functions,
                 "\"functions\" must be an object such as {\"calc_square(numbers)\": [...]}");
        for (const auto &[key, body] : functions->members) {
            const Signature sig = parseSignature(key.text, mapOf(key));
            checkName(key, sig.name, "the function");
            if (m_program->functionIndex(sig.name) >= 0)
                fail(key, "the function \"" + sig.name + "\" is defined twice");
            if (globalSlot(sig.name) >= 0)
                fail(key, "the function \"" + sig.name + "\" has the name of a global or option");
            if (body.type != Node::Type::Array)
                fail(body, "a function's body must be a list of statements [...]");
            Function f;
            f.name = sig.name;
            f.params = sig.params;
            f.pos = key.offset;
            m_program->functions.push_back(std::move(f));
            m_bodies.push_back(&body);
        }
        // Parse every body now, so that `global x` in one function declares x for all.
        for (std::size_t i = 0; i < m_bodies.size(); ++i)
            m_parsed.push_back(block(*m_bodies[i], true));
    }

    void declareAssignedGlobals()
    {
        for (const std::vector<Stmt> &body : m_parsed)
            walk(body, [&](const Stmt &s) {
                if (s.op == Stmt::Op::Global)
                    for (const std::string &n : s.names)
                        addGlobal(n);
            });
    }

    // --- statements -----------------------------------------------------------------------------

    template <typename F> static void walk(const std::vector<Stmt> &body, F &&f)
    {
        for (const Stmt &s : body) {
            f(s);
            walk(s.body, f);
            walk(s.orelse, f);
        }
    }

    std::vector<Stmt> block(const Node &list, bool inFunction)
    {
        if (list.type != Node::Type::Array)
            fail(list, "expected a list of statements [...]");
        std::vector<Stmt> out;
        for (const Node &item : list.items)
            out.push_back(statement(item, inFunction));
        return out;
    }

    Stmt statement(const Node &n, bool inFunction)
    {
        if (n.type == Node::Type::String) {
            Stmt s = parseStatement(n.text, mapOf(n));
            if (!inFunction && (s.op == Stmt::Op::Return || s.op == Stmt::Op::Global))
                fail(n, std::string("'") + (s.op == Stmt::Op::Return ? "return" : "global") +
                            "' is only for functions");
            return s;
        }
        if (n.type != Node::Type::Object)
            fail(n, "a statement is a text such as \"print(n)\" or a block such as "
                    "{\"for\": \"n in numbers\", \"do\": [...]}");
        Stmt s;
        s.pos = n.offset;
        const char *kinds[] = {"for", "repeat", "if", "with"};
        const char *kind = nullptr;
        for (const char *k : kinds) {
            if (n.member(k) != nullptr) {
                if (kind != nullptr)
                    fail(n, std::string("a block has one of \"for\", \"repeat\", \"if\" and "
                                        "\"with\", not both \"") +
                                kind + "\" and \"" + k + "\"");
                kind = k;
            }
        }
        if (kind == nullptr) {
            for (const char *other : {"while", "def", "try", "else", "elif"}) {
                if (n.member(other) != nullptr)
                    fail(n, std::string("\"") + other +
                                "\" blocks are not supported: a block is "
                                "\"for\", \"repeat\", \"if\" (with \"else\") or \"with\"");
            }
            fail(n, "a block needs \"for\", \"repeat\", \"if\" or \"with\"");
        }
        const std::string k(kind);
        if (k == "if")
            allowOnly(n, {"if", "do", "else"});
        else
            allowOnly(n, {kind, "do"});
        const Node &head = *n.member(kind);
        s.body = block(require(n, "do", Node::Type::Array, "a list of statements"), inFunction);
        if (k == "for") {
            textNode(head, "the loop, like \"n in numbers\",");
            ForHeader h = parseForHeader(head.text, mapOf(head));
            s.op = Stmt::Op::For;
            s.target = std::move(h.target);
            s.expr = std::move(h.iterable);
        } else {
            s.op = k == "repeat" ? Stmt::Op::Repeat : k == "if" ? Stmt::Op::If : Stmt::Op::With;
            s.expr = unresolved(head, "the block's header");
            if (const Node *other = n.member("else"))
                s.orelse = block(*other, inFunction);
        }
        return s;
    }

    void collectLocals(const std::vector<Stmt> &body, Scope &scope, Function &f)
    {
        walk(body, [&](const Stmt &s) {
            if (s.op == Stmt::Op::Global)
                scope.globals.insert(s.names.begin(), s.names.end());
        });
        walk(body, [&](const Stmt &s) {
            const bool assigns =
                s.op == Stmt::Op::Assign || s.op == Stmt::Op::AugAssign || s.op == Stmt::Op::For;
            if (!assigns || s.target.object || scope.globals.count(s.target.name) != 0)
                return;
            if (scope.locals.count(s.target.name) == 0)
                scope.locals.emplace(s.target.name, int(scope.locals.size()));
        });
        f.locals = int(scope.locals.size());
    }

    void resolveBlock(std::vector<Stmt> &body, Scope &scope)
    {
        for (Stmt &s : body)
            resolveStatement(s, scope);
    }

    void resolveTarget(Target &t, Scope &scope, std::size_t pos)
    {
        if (t.object) {
            resolve(*t.object, scope);
            return;
        }
        checkAssignable(t.name, pos);
        if (scope.kind == Scope::Kind::Function && scope.globals.count(t.name) == 0) {
            t.slot = scope.locals.at(t.name);
            return;
        }
        t.global = true;
        t.slot = addGlobal(t.name);
    }

    void checkAssignable(const std::string &name, std::size_t pos) const
    {
        if (builtinFunction(name) != nullptr)
            throw CompileError{pos, "cannot assign to \"" + name + "\": it is Python's own " +
                                        name + "()"};
        if (m_program->functionIndex(name) >= 0)
            throw CompileError{pos, "cannot assign to \"" + name + "\": it is a function"};
    }

    void resolveStatement(Stmt &s, Scope &scope)
    {
        switch (s.op) {
        case Stmt::Op::Expr:
            resolve(s.expr, scope);
            if (s.expr.op != Expr::Op::Builtin && s.expr.op != Expr::Op::User &&
                s.expr.op != Expr::Op::Method)
                throw CompileError{s.pos, "this expression does nothing: print it, assign it or "
                                          "return it"};
            break;
        case Stmt::Op::Assign:
        case Stmt::Op::AugAssign:
            resolve(s.expr, scope);
            resolveTarget(s.target, scope, s.pos);
            break;
        case Stmt::Op::Return:
            resolve(s.expr, scope);
            break;
        case Stmt::Op::Pass:
        case Stmt::Op::Global:
            break;
        case Stmt::Op::For:
            resolve(s.expr, scope);
            resolveTarget(s.target, scope, s.pos);
            break;
        case Stmt::Op::Repeat:
        case Stmt::Op::If:
        case Stmt::Op::With:
            resolve(s.expr, scope);
            break;
        }
        resolveBlock(s.body, scope);
        resolveBlock(s.orelse, scope);
    }

    // --- expressions ----------------------------------------------------------------------------

    void resolve(Expr &e, Scope &scope)
    {
        switch (e.op) {
        case Expr::Op::Name:
            resolveName(e, scope);
            return;
        case Expr::Op::Call:
            resolveCall(e, scope);
            return;
        case Expr::Op::Method:
            resolveMethod(e, scope);
            return;
        case Expr::Op::Format:
            if (const std::string error = formatSpecError(e.name); !error.empty())
                throw CompileError{e.pos, error};
            break;
        case Expr::Op::Attr:
            if (e.kids[0].op == Expr::Op::Name && isModule(e.kids[0].name) &&
                !isVariable(e.kids[0].name, scope))
                throw CompileError{e.pos, e.kids[0].name + "." + e.name +
                                              " is not something Interleave has (or call it)"};
            break;
        default:
            break;
        }
        for (Expr &k : e.kids)
            resolve(k, scope);
    }

    bool isVariable(const std::string &name, const Scope &scope) const
    {
        return scope.locals.count(name) != 0 || globalSlot(name) >= 0;
    }

    void resolveName(Expr &e, Scope &scope)
    {
        if (scope.kind == Scope::Kind::Expectation) {
            for (int f = 0; f < kFactCount; ++f) {
                if (e.name == factName(Fact(f))) {
                    e.op = Expr::Op::Fact;
                    e.slot = f;
                    return;
                }
            }
        }
        if (const auto it = scope.locals.find(e.name); it != scope.locals.end()) {
            e.op = Expr::Op::Local;
            e.slot = it->second;
            return;
        }
        const int global = globalSlot(e.name);
        if (global >= 0 &&
            (global != m_program->resultsSlot || scope.kind != Scope::Kind::Function)) {
            e.op = Expr::Op::Global;
            e.slot = global;
            return;
        }
        if (builtinFunction(e.name) != nullptr || isModule(e.name) ||
            m_program->functionIndex(e.name) >= 0)
            throw CompileError{e.pos, "\"" + e.name + "\" is a function: call it, like " + e.name +
                                          "(...)"};
        throw CompileError{e.pos,
                           "name \"" + e.name + "\" is not defined" + suggestion(e.name, scope)};
    }

    std::string suggestion(const std::string &name, const Scope &scope) const
    {
        std::vector<std::string> known;
        for (const auto &[n, slot] : scope.locals)
            known.push_back(n);
        known.insert(known.end(), m_program->globals.begin(), m_program->globals.end());
        if (scope.kind == Scope::Kind::Expectation) {
            for (int f = 0; f < kFactCount; ++f)
                known.push_back(factName(Fact(f)));
        }
        return didYouMean(name, known);
    }

    void checkArgs(const Expr &e, const std::string &name, int min, int max) const
    {
        const int n = int(e.kids.size());
        if (n >= min && n <= max)
            return;
        const std::string expected = min == max ? std::to_string(min)
                                     : max >= 1000
                                         ? "at least " + std::to_string(min)
                                         : std::to_string(min) + " to " + std::to_string(max);
        throw CompileError{e.pos, name + "() takes " + expected + " argument" +
                                      (max == 1 && min == 1 ? "" : "s") + ", not " +
                                      std::to_string(n)};
    }

    void checkKeywords(const Expr &e, const std::string &name) const
    {
        for (const std::string &k : e.keywords) {
            const bool ok = (e.op == Expr::Op::Builtin && e.slot == int(Builtin::Print) &&
                             (k == "sep" || k == "end" || k == "flush"));
            if (!ok)
                throw CompileError{e.pos, name + "() takes no keyword argument \"" + k + "\"" +
                                              (e.slot == int(Builtin::Print)
                                                   ? std::string(" (print takes sep, end, flush)")
                                                   : std::string())};
        }
    }

    void resolveCall(Expr &e, Scope &scope)
    {
        for (Expr &k : e.kids)
            resolve(k, scope);
        const int fn = m_program->functionIndex(e.name);
        if (fn >= 0 && scope.kind == Scope::Kind::Expectation)
            throw CompileError{e.pos, "an expectation reads the run's facts; it cannot call the "
                                      "workload's function \"" +
                                          e.name + "\""};
        if (fn >= 0) {
            e.op = Expr::Op::User;
            e.slot = fn;
            const int params = int(m_program->functions[std::size_t(fn)].params.size());
            checkArgs(e, e.name, params, params);
            checkKeywords(e, e.name);
            return;
        }
        const BuiltinInfo *b = builtinFunction(e.name);
        if (b == nullptr)
            throw CompileError{e.pos,
                               "there is no function \"" + e.name + "\"" + suggestFunction(e.name)};
        if (b->builtin == Builtin::Took && scope.kind != Scope::Kind::Expectation)
            throw CompileError{e.pos, "took() is only for expectations"};
        e.op = Expr::Op::Builtin;
        e.slot = int(b->builtin);
        if (b->builtin == Builtin::Print)
            checkArgs(e, e.name, 0, 1000 + int(e.keywords.size()));
        else
            checkArgs(e, e.name, b->minArgs, b->maxArgs);
        checkKeywords(e, e.name);
    }

    std::string suggestFunction(const std::string &name) const
    {
        std::vector<std::string> known;
        for (const Function &f : m_program->functions)
            known.push_back(f.name);
        for (const BuiltinInfo &b : kFunctions)
            known.push_back(b.name);
        if (const std::string close = didYouMean(name, known); !close.empty())
            return close;
        std::string names;
        for (const Function &f : m_program->functions)
            names += (names.empty() ? "" : ", ") + f.name;
        return names.empty() ? std::string() : " (the workload defines " + names + ")";
    }

    void resolveMethod(Expr &e, Scope &scope)
    {
        const Expr &object = e.kids[0];
        if (object.op == Expr::Op::Name && isModule(object.name) &&
            !isVariable(object.name, scope)) {
            for (const ModuleFunction &f : kModuleFunctions) {
                if (object.name != f.module || e.name != f.name)
                    continue;
                const std::string full = object.name + "." + e.name;
                e.kids.erase(e.kids.begin());
                for (Expr &k : e.kids)
                    resolve(k, scope);
                e.op = Expr::Op::Builtin;
                e.slot = int(f.builtin);
                checkArgs(e, full, f.args, f.args);
                checkKeywords(e, full);
                if (createsObject(f.builtin))
                    makeObject(e, scope, full);
                return;
            }
            throw CompileError{e.pos,
                               object.name + "." + e.name + "() is not something Interleave has"};
        }
        static const char *const methods[] = {"put", "get", "empty", "qsize"};
        if (std::none_of(std::begin(methods), std::end(methods),
                         [&](const char *m) { return e.name == m; }))
            throw CompileError{e.pos, "." + e.name +
                                          "() is not a method Interleave has (queues "
                                          "have put, get, empty and qsize)"};
        checkKeywords(e, e.name);
        for (Expr &k : e.kids)
            resolve(k, scope);
        checkArgs(e, "." + e.name, e.name == "put" ? 2 : 1, e.name == "put" ? 2 : 1);
    }

    // Locks, thread-locals and queues exist from the start of the run, so that every thread
    // and process knows them by the same number.
    void makeObject(Expr &e, const Scope &scope, const std::string &full)
    {
        if (!scope.allowObjects)
            throw CompileError{e.pos, "create " + full +
                                          "() as the value of a global in "
                                          "\"globals\", so that every thread shares it"};
        Program &p = *m_program;
        const Builtin b = Builtin(e.slot);
        const ObjectKind kind = b == Builtin::Lock    ? ObjectKind::Lock
                                : b == Builtin::Local ? ObjectKind::Local
                                                      : ObjectKind::Queue;
        std::uint32_t &count = b == Builtin::Lock    ? p.locks
                               : b == Builtin::Local ? p.locals
                                                     : p.queues;
        if (kind == ObjectKind::Lock) {
            // Named after its global, so that a deadlock can say "holds a and waits for b".
            const auto same = std::count(p.lockNames.begin(), p.lockNames.end(), m_global);
            p.lockNames.push_back(same == 0 ? m_global
                                            : m_global + " (" + std::to_string(same + 1) + ")");
        }
        e.op = Expr::Op::Const;
        e.constant = Value::object(kind, count++);
        e.kids.clear();
    }

    // --- the parts ------------------------------------------------------------------------------

    void compileGlobals(const Node &root)
    {
        const Node *globals = root.member("globals");
        if (globals == nullptr)
            return;
        for (const auto &[key, value] : globals->members) {
            Scope scope;
            scope.allowObjects = true;
            m_global = key.text;
            Expr e = expression(value, scope, "the global's value");
            m_program->initial.emplace_back(globalSlot(key.text), std::move(e));
        }
    }

    void compileFunctions()
    {
        for (std::size_t i = 0; i < m_parsed.size(); ++i) {
            Function &f = m_program->functions[i];
            Scope scope;
            scope.kind = Scope::Kind::Function;
            for (std::size_t p = 0; p < f.params.size(); ++p)
                scope.locals.emplace(f.params[p], int(p));
            collectLocals(m_parsed[i], scope, f);
            for (const std::string &g : scope.globals) {
                if (std::find(f.params.begin(), f.params.end(), g) != f.params.end())
                    throw CompileError{f.pos, "\"" + g + "\" is a parameter and global"};
            }
            resolveBlock(m_parsed[i], scope);
            f.body = std::move(m_parsed[i]);
        }
    }

    void compileCalls(const Node &root)
    {
        const Node &calls = require(root, "calls", Node::Type::Array,
                                    "a list of calls such as [\"calc_square([2, 3])\"]");
        if (calls.items.empty())
            fail(calls, "\"calls\" must hold at least one call");
        std::int64_t total = 0;
        for (const Node &item : calls.items) {
            m_program->calls.push_back(callEntry(item));
            total += m_program->calls.back().repeat;
        }
        if (total > kMaxCalls)
            fail(calls, std::to_string(total) + " calls in all; at most " +
                            std::to_string(kMaxCalls) + " are allowed");
    }

    CallEntry callEntry(const Node &item)
    {
        CallEntry c;
        c.pos = item.offset;
        Scope scope;
        if (item.type == Node::Type::String) {
            c.call = userCall(item, scope);
            return c;
        }
        if (item.type != Node::Type::Object)
            fail(item,
                 "a call is a text such as \"calc_square([2, 3])\" or an object "
                 "{\"call\": ..., \"name\": ..., \"delay\": ...} or {\"map\": ..., \"over\": ...}");
        allowOnly(item, {"call", "map", "over", "name", "delay", "repeat"});
        if ((item.member("call") != nullptr) == (item.member("map") != nullptr))
            fail(item, "a call needs exactly one of \"call\" and \"map\"");
        if (const Node *call = item.member("call")) {
            c.call = userCall(*call, scope);
        } else {
            const Node &fn = textNode(*item.member("map"), "a function name");
            c.mapFunction = m_program->functionIndex(fn.text);
            if (c.mapFunction < 0)
                fail(fn,
                     "there is no function \"" + fn.text + "\" to map" + suggestFunction(fn.text));
            if (m_program->functions[std::size_t(c.mapFunction)].params.size() != 1)
                fail(fn, "map needs a function of one parameter");
            c.call = expression(require(item, "over", Node::Type::String, "a list or range"), scope,
                                "a list or range");
        }
        c.threadName = optionalText(item, "name");
        if (const Node *delay = item.member("delay"))
            c.delay = expression(*delay, scope, "seconds");
        if (const Node *repeat = item.member("repeat")) {
            if (repeat->type != Node::Type::Number || repeat->number < 1 ||
                repeat->number > double(kMaxCalls) || repeat->number != std::floor(repeat->number))
                fail(*repeat,
                     "\"repeat\" must be a whole number from 1 to " + std::to_string(kMaxCalls));
            c.repeat = std::int64_t(repeat->number);
        }
        return c;
    }

    Expr userCall(const Node &n, Scope &scope)
    {
        Expr e = expression(n, scope, "a call");
        if (e.op != Expr::Op::User)
            fail(n,
                 "a call must call one of the workload's functions, like \"calc_square([2, 3])\"" +
                     suggestFunction({}));
        return e;
    }

    // What "after" assigns is a global (module-level code), known to the functions too.
    void declareAfter(const Node &root)
    {
        const Node *after = root.member("after");
        if (after == nullptr)
            return;
        m_after = block(*after, false);
        walk(m_after, [&](const Stmt &s) {
            if ((s.op == Stmt::Op::Assign || s.op == Stmt::Op::AugAssign ||
                 s.op == Stmt::Op::For) &&
                !s.target.object) {
                checkAssignable(s.target.name, s.pos);
                addGlobal(s.target.name);
            }
        });
    }

    void compileAfter()
    {
        Scope scope;
        resolveBlock(m_after, scope);
        m_program->after = std::move(m_after);
    }

    void compileExpectations(const Node &root)
    {
        const Node *expect = root.member("expect");
        if (expect == nullptr)
            return;
        if (expect->type != Node::Type::Array)
            fail(*expect,
                 "\"expect\" must be a list of {\"when\": ..., \"that\": ..., \"says\": ...}");
        for (const Node &item : expect->items) {
            if (item.type != Node::Type::Object)
                fail(item, "an expectation is {\"when\": ..., \"that\": ..., \"says\": ...}");
            allowOnly(item, {"when", "that", "says", "otherwise"});
            Scope scope;
            scope.kind = Scope::Kind::Expectation;
            Expectation x;
            x.pos = item.offset;
            if (const Node *when = item.member("when"))
                x.when = expression(*when, scope, "a condition");
            const Node &that = require(item, "that", Node::Type::String, "a condition");
            x.source = that.text;
            x.that = expression(that, scope, "a condition");
            x.says = message(require(item, "says", Node::Type::String, "a message"), scope);
            if (const Node *otherwise = item.member("otherwise"))
                x.otherwise = message(textNode(*otherwise, "a message"), scope);
            m_program->expectations.push_back(std::move(x));
        }
    }

    Expr message(const Node &text, Scope &scope)
    {
        Expr e = parseTemplate(text.text, mapOf(text));
        resolve(e, scope);
        return e;
    }

    std::string_view m_doc;
    std::shared_ptr<Program> m_program;
    std::vector<const Node *> m_bodies;
    std::vector<std::vector<Stmt>> m_parsed;
    std::vector<Stmt> m_after;
    std::string m_global; // the global whose value is being compiled
    std::map<std::string, int> m_globalSlots;
};

} // namespace

Compiled compile(std::string_view document, std::string origin)
{
    Compiler compiler(document, origin);
    try {
        return {compiler.run(), {}};
    } catch (const CompileError &e) {
        const json::Position p = json::position(document, e.offset);
        return {nullptr, origin + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) +
                             ": " + e.message};
    } catch (const ScriptError &e) {
        // A constant the parser folded was already out of range (a string too long, say).
        return {nullptr, origin + ": " + e.type + ": " + e.message};
    }
}

} // namespace interleave::lang
