#include "syntax.h"

#include <charconv>
#include <cstdlib>

namespace interleave::lang {

namespace {

// Parentheses, unary operators and links of an operator chain all deepen the tree that the
// compiler and interpreter walk recursively: bounded, so that no text can overflow the stack.
constexpr int kMaxNesting = 200;

template <typename... Kids> void kids(Expr &e, Kids &&...k)
{
    e.kids.reserve(sizeof...(k));
    (e.kids.push_back(std::forward<Kids>(k)), ...);
}

struct Token
{
    enum class Kind
    {
        End,
        Name,
        Int,
        Float,
        Str,
        FStr,
        Op
    };
    Kind kind = Kind::End;
    std::string text;       // Name, Op, Str (decoded), FStr (raw body)
    std::size_t at = 0;     // offset in the text
    std::size_t bodyAt = 0; // FStr: offset of its body
    std::int64_t integer = 0;
    double number = 0;
};

bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

class Lexer
{
public:
    Lexer(std::string_view text, const OffsetMap &map) : m_text(text), m_map(map) {}

    [[noreturn]] void fail(std::size_t at, std::string message) const
    {
        throw CompileError{m_map(at), std::move(message)};
    }

    std::vector<Token> tokens()
    {
        std::vector<Token> out;
        for (;;) {
            while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t'))
                ++m_pos;
            if (m_pos >= m_text.size())
                break;
            out.push_back(next());
        }
        Token end;
        end.at = m_text.size();
        out.push_back(end);
        return out;
    }

private:
    Token next()
    {
        Token t;
        t.at = m_pos;
        const char c = m_text[m_pos];
        if ((c == 'f' || c == 'F') && m_pos + 1 < m_text.size() &&
            (m_text[m_pos + 1] == '\'' || m_text[m_pos + 1] == '"')) {
            ++m_pos;
            t.kind = Token::Kind::FStr;
            t.bodyAt = m_pos + 1;
            t.text = rawString();
            return t;
        }
        if (isNameStart(c)) {
            while (m_pos < m_text.size() && isNameChar(m_text[m_pos]))
                ++m_pos;
            t.kind = Token::Kind::Name;
            t.text = std::string(m_text.substr(t.at, m_pos - t.at));
            return t;
        }
        if (isDigit(c) || (c == '.' && m_pos + 1 < m_text.size() && isDigit(m_text[m_pos + 1])))
            return number();
        if (c == '\'' || c == '"') {
            t.kind = Token::Kind::Str;
            t.text = decode(rawString(), t.at + 1);
            return t;
        }
        static const char *const ops[] = {
            "**=", "//=", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "+",
            "-",   "*",   "/",  "%",  "<",  ">",  "=",  "(",  ")",  "[",  "]",  ",",  ".",  ":"};
        for (const char *op : ops) {
            const std::string_view o(op);
            if (m_text.substr(m_pos, o.size()) == o) {
                m_pos += o.size();
                t.kind = Token::Kind::Op;
                t.text = std::string(o);
                return t;
            }
        }
        if (c == '{')
            fail(m_pos, "dicts are not supported: use a list, or a global per name");
        fail(m_pos, std::string("unexpected '") + c + "'");
    }

    Token number()
    {
        Token t;
        t.at = m_pos;
        std::string digits;
        bool isFloat = false;
        const auto run = [&] {
            while (m_pos < m_text.size() && (isDigit(m_text[m_pos]) || m_text[m_pos] == '_')) {
                if (m_text[m_pos] != '_')
                    digits += m_text[m_pos];
                ++m_pos;
            }
        };
        run();
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            isFloat = true;
            digits += '.';
            ++m_pos;
            run();
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            isFloat = true;
            digits += 'e';
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-'))
                digits += m_text[m_pos++];
            run();
        }
        if (m_pos < m_text.size() && isNameChar(m_text[m_pos]))
            fail(m_pos, "a number cannot run into a name");
        if (isFloat) {
            t.kind = Token::Kind::Float;
            t.number = std::strtod(digits.c_str(), nullptr);
            return t;
        }
        t.kind = Token::Kind::Int;
        const auto res = std::from_chars(digits.data(), digits.data() + digits.size(), t.integer);
        if (res.ec != std::errc())
            fail(t.at, "integer literal is too large: Interleave's integers are 64-bit");
        return t;
    }

    // The text between quotes, undecoded; m_pos is on the opening quote.
    std::string rawString()
    {
        const char quote = m_text[m_pos++];
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] != quote) {
            if (m_text[m_pos] == '\\')
                ++m_pos;
            ++m_pos;
        }
        if (m_pos >= m_text.size())
            fail(start - 1, std::string("the string is never closed with ") + quote);
        return std::string(m_text.substr(start, m_pos++ - start));
    }

public:
    // Python's backslash escapes.
    std::string decode(std::string_view raw, std::size_t at) const
    {
        std::string out;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '\\' || i + 1 >= raw.size()) {
                out += raw[i];
                continue;
            }
            const char e = raw[++i];
            switch (e) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case '0':
                out += '\0';
                break;
            case '\\':
            case '\'':
            case '"':
                out += e;
                break;
            case 'x': {
                unsigned v = 0;
                if (i + 2 >= raw.size() ||
                    std::from_chars(raw.data() + i + 1, raw.data() + i + 3, v, 16).ptr !=
                        raw.data() + i + 3)
                    fail(at + i, "\\x needs two hex digits");
                out += char(v);
                i += 2;
                break;
            }
            default:
                out += '\\';
                out += e;
            }
        }
        return out;
    }

private:
    std::string_view m_text;
    const OffsetMap &m_map;
    std::size_t m_pos = 0;
};

class Parser
{
public:
    Parser(std::string_view text, const OffsetMap &map)
        : m_text(text), m_map(map), m_lexer(text, map)
    {
        m_tokens = m_lexer.tokens();
    }

    [[noreturn]] void fail(const Token &at, std::string message) const
    {
        throw CompileError{m_map(at.at), std::move(message)};
    }

    const Token &peek(std::size_t ahead = 0) const
    {
        return m_tokens[std::min(m_index + ahead, m_tokens.size() - 1)];
    }
    bool atEnd() const { return peek().kind == Token::Kind::End; }
    bool isOp(std::string_view op, std::size_t ahead = 0) const
    {
        return peek(ahead).kind == Token::Kind::Op && peek(ahead).text == op;
    }
    bool isKeyword(std::string_view word, std::size_t ahead = 0) const
    {
        return peek(ahead).kind == Token::Kind::Name && peek(ahead).text == word;
    }
    const Token &take() { return m_tokens[std::min(m_index++, m_tokens.size() - 1)]; }
    bool accept(std::string_view op)
    {
        if (!isOp(op))
            return false;
        ++m_index;
        return true;
    }
    void expect(std::string_view op, const char *what)
    {
        if (!accept(op))
            fail(peek(), std::string("expected '") + std::string(op) + "' " + what + ", found " +
                             describe(peek()));
    }
    std::string describe(const Token &t) const
    {
        switch (t.kind) {
        case Token::Kind::End:
            return "the end of the text";
        case Token::Kind::Name:
            return "'" + t.text + "'";
        case Token::Kind::Op:
            return "'" + t.text + "'";
        default:
            return "a value";
        }
    }
    void expectEnd(const char *what)
    {
        if (!atEnd())
            fail(peek(), std::string("unexpected ") + describe(peek()) + " " + what);
    }

    std::size_t pos(const Token &t) const { return m_map(t.at); }

    Expr node(Expr::Op op, const Token &at)
    {
        Expr e;
        e.op = op;
        e.pos = pos(at);
        return e;
    }

    // test: or_test ['if' or_test 'else' test]
    Expr expression()
    {
        Nest nest(*this);
        Expr value = orTest();
        if (!isKeyword("if"))
            return value;
        Expr e = node(Expr::Op::IfElse, take());
        Expr condition = orTest();
        if (!isKeyword("else"))
            fail(peek(), "expected 'else' in the conditional expression");
        take();
        Expr other = expression();
        kids(e, std::move(condition), std::move(value), std::move(other));
        return e;
    }

    Expr orTest()
    {
        Expr left = andTest();
        Chain chain(*this);
        while (isKeyword("or")) {
            chain.link();
            Expr e = node(Expr::Op::Or, take());
            kids(e, std::move(left), andTest());
            left = std::move(e);
        }
        return left;
    }

    Expr andTest()
    {
        Expr left = notTest();
        Chain chain(*this);
        while (isKeyword("and")) {
            chain.link();
            Expr e = node(Expr::Op::And, take());
            kids(e, std::move(left), notTest());
            left = std::move(e);
        }
        return left;
    }

    Expr notTest()
    {
        if (isKeyword("not")) {
            Nest nest(*this);
            Expr e = node(Expr::Op::Not, take());
            kids(e, notTest());
            return e;
        }
        return comparison();
    }

    std::optional<CmpOp> comparisonOp()
    {
        static const std::pair<const char *, CmpOp> ops[] = {{"==", CmpOp::Eq}, {"!=", CmpOp::Ne},
                                                             {"<=", CmpOp::Le}, {">=", CmpOp::Ge},
                                                             {"<", CmpOp::Lt},  {">", CmpOp::Gt}};
        for (const auto &[text, op] : ops) {
            if (accept(text))
                return op;
        }
        if (isKeyword("in")) {
            take();
            return CmpOp::In;
        }
        if (isKeyword("not") && isKeyword("in", 1)) {
            take();
            take();
            return CmpOp::NotIn;
        }
        return std::nullopt;
    }

    Expr comparison()
    {
        const Token &first = peek();
        Expr left = arith();
        std::optional<CmpOp> op = comparisonOp();
        if (!op)
            return left;
        Expr e = node(Expr::Op::Compare, first);
        e.kids.push_back(std::move(left));
        Chain chain(*this);
        while (op) {
            chain.link();
            e.cmps.push_back(*op);
            e.kids.push_back(arith());
            op = comparisonOp();
        }
        return e;
    }

    Expr binaryNode(BinOp op, const Token &at, Expr left, Expr right)
    {
        Expr e = node(Expr::Op::Binary, at);
        e.bin = op;
        kids(e, std::move(left), std::move(right));
        return e;
    }

    Expr arith()
    {
        Expr left = term();
        Chain chain(*this);
        while (isOp("+") || isOp("-")) {
            chain.link();
            const Token &t = take();
            left = binaryNode(t.text == "+" ? BinOp::Add : BinOp::Sub, t, std::move(left), term());
        }
        return left;
    }

    Expr term()
    {
        Expr left = factor();
        Chain chain(*this);
        while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
            chain.link();
            const Token &t = take();
            const BinOp op = t.text == "*"    ? BinOp::Mul
                             : t.text == "/"  ? BinOp::Div
                             : t.text == "//" ? BinOp::FloorDiv
                                              : BinOp::Mod;
            left = binaryNode(op, t, std::move(left), factor());
        }
        return left;
    }

    Expr factor()
    {
        if (isOp("-") || isOp("+")) {
            Nest nest(*this);
            const Token &t = take();
            Expr operand = factor();
            if (t.text == "+")
                return operand;
            if (operand.op == Expr::Op::Const && operand.constant.isNumber())
                return foldNegative(std::move(operand));
            Expr e = node(Expr::Op::Neg, t);
            kids(e, std::move(operand));
            return e;
        }
        return power();
    }

    static Expr foldNegative(Expr constant)
    {
        constant.constant = negate(constant.constant);
        return constant;
    }

    Expr power()
    {
        Expr base = primary();
        if (isOp("**")) {
            Nest nest(*this);
            const Token &t = take();
            return binaryNode(BinOp::Pow, t, std::move(base), factor());
        }
        return base;
    }

    Expr primary()
    {
        Expr e = atom();
        Chain chain(*this);
        for (;;) {
            if (isOp("(") || isOp("[") || isOp("."))
                chain.link();
            if (isOp("(")) {
                const Token &t = take();
                Expr call = node(Expr::Op::Call, t);
                if (e.op == Expr::Op::Name) {
                    call.name = e.name;
                    call.pos = e.pos;
                } else if (e.op == Expr::Op::Attr) {
                    call.op = Expr::Op::Method;
                    call.name = e.name;
                    call.pos = e.pos;
                    call.kids.push_back(std::move(e.kids[0]));
                } else {
                    fail(t, "only a function or a method can be called");
                }
                arguments(call);
                e = std::move(call);
            } else if (isOp("[")) {
                const Token &t = take();
                Expr index = node(Expr::Op::Index, t);
                index.kids.push_back(std::move(e));
                index.kids.push_back(expression());
                if (isOp(":"))
                    fail(peek(), "slices are not supported: index one item, like numbers[0]");
                expect("]", "to close the index");
                e = std::move(index);
            } else if (isOp(".")) {
                take();
                const Token &name = take();
                if (name.kind != Token::Kind::Name)
                    fail(name, "expected a name after '.'");
                Expr attr = node(Expr::Op::Attr, name);
                attr.name = name.text;
                attr.pos = e.pos;
                attr.kids.push_back(std::move(e));
                e = std::move(attr);
            } else {
                return e;
            }
        }
    }

    void arguments(Expr &call)
    {
        Nest nest(*this);
        while (!isOp(")")) {
            if (peek().kind == Token::Kind::Name && isOp("=", 1)) {
                call.keywords.push_back(take().text);
                take();
                call.kids.push_back(expression());
            } else {
                if (!call.keywords.empty())
                    fail(peek(), "a positional argument cannot follow a keyword argument");
                call.kids.push_back(expression());
            }
            if (!accept(","))
                break;
        }
        expect(")", "to close the arguments");
    }

    Expr atom()
    {
        const Token &t = peek();
        switch (t.kind) {
        case Token::Kind::End:
            fail(t, "expected a value here, found the end of the text");
        case Token::Kind::Int:
            take();
            return constant(t, Value::integer(t.integer));
        case Token::Kind::Float:
            take();
            return constant(t, Value::floating(t.number));
        case Token::Kind::Str: {
            take();
            std::string s = t.text;
            while (peek().kind == Token::Kind::Str) // 'a' 'b' is 'ab'
                s += take().text;
            return constant(t, Value::str(std::move(s)));
        }
        case Token::Kind::FStr:
            take();
            return fstring(t);
        case Token::Kind::Name:
            return name();
        case Token::Kind::Op:
            break;
        }
        if (isOp("(")) {
            take();
            Expr inner = expression();
            if (isOp(","))
                fail(peek(), "tuples are not supported: use a list [a, b]");
            expect(")", "to close the parenthesis");
            return inner;
        }
        if (isOp("[")) {
            Nest nest(*this);
            Expr list = node(Expr::Op::List, take());
            while (!isOp("]")) {
                list.kids.push_back(expression());
                if (isKeyword("for"))
                    fail(peek(), "list comprehensions are not supported: use a \"for\" block");
                if (!accept(","))
                    break;
            }
            expect("]", "to close the list");
            return list;
        }
        fail(t, "expected a value here, found " + describe(t));
    }

    Expr constant(const Token &at, Value v)
    {
        Expr e = node(Expr::Op::Const, at);
        e.constant = std::move(v);
        return e;
    }

    Expr name()
    {
        const Token &t = take();
        if (t.text == "True" || t.text == "False")
            return constant(t, Value::boolean(t.text == "True"));
        if (t.text == "None")
            return constant(t, Value::none());
        static const std::pair<const char *, const char *> unsupported[] = {
            {"break", "a loop runs to its end: leave the function with return instead"},
            {"continue", "use an {\"if\": ...} block around the rest of the loop instead"},
            {"lambda", "define a function in \"functions\" instead"},
            {"class", "define functions in \"functions\" instead"},
            {"is", "compare with == instead"},
            {"try", "an exception ends the run, with where it happened"},
            {"yield", "return a list instead"},
            {"await", "use threads, a pool or processes: that is what Interleave shows"},
            {"async", "use threads, a pool or processes: that is what Interleave shows"}};
        for (const auto &[word, instead] : unsupported) {
            if (t.text == word)
                fail(t, "'" + t.text + "' is not supported: " + instead);
        }
        static const char *const keywords[] = {"and",    "or",    "not",  "in",     "if",
                                               "else",   "for",   "def",  "global", "pass",
                                               "return", "while", "with", "import", "from"};
        for (const char *k : keywords) {
            if (t.text == k)
                fail(t, "'" + t.text + "' cannot be used here");
        }
        Expr e = node(Expr::Op::Name, t);
        e.name = t.text;
        return e;
    }

    Expr fstring(const Token &t)
    {
        const std::size_t base = t.bodyAt;
        const OffsetMap inner = [this, base](std::size_t i) { return m_map(base + i); };
        return parseTemplateBody(t.text, inner, true);
    }

    // An f-string body: literal text, {{ and }}, and {expression[!r][:spec]} fields.
    Expr parseTemplateBody(std::string_view body, const OffsetMap &map, bool escapes)
    {
        Expr e;
        e.op = Expr::Op::FString;
        e.pos = map(0);
        std::string literal;
        const auto flush = [&] {
            if (literal.empty())
                return;
            Expr c;
            c.op = Expr::Op::Const;
            c.constant = Value::str(escapes ? m_lexer.decode(literal, 0) : literal);
            e.kids.push_back(std::move(c));
            literal.clear();
        };
        for (std::size_t i = 0; i < body.size(); ++i) {
            const char c = body[i];
            if (c == '}') {
                if (i + 1 < body.size() && body[i + 1] == '}') {
                    literal += '}';
                    ++i;
                    continue;
                }
                throw CompileError{map(i), "single '}' is not allowed in an f-string (write }})"};
            }
            if (c != '{') {
                literal += c;
                continue;
            }
            if (i + 1 < body.size() && body[i + 1] == '{') {
                literal += '{';
                ++i;
                continue;
            }
            flush();
            i = field(body, i, map, e);
        }
        flush();
        return e;
    }

    // Parses the field starting at body[open] == '{'; returns the index of its '}'.
    std::size_t field(std::string_view body, std::size_t open, const OffsetMap &map, Expr &out)
    {
        int depth = 0;
        char quote = 0;
        std::size_t exprEnd = std::string_view::npos;
        std::size_t close = open + 1;
        for (; close < body.size(); ++close) {
            const char c = body[close];
            if (quote != 0) {
                if (c == quote)
                    quote = 0;
                continue;
            }
            if (c == '\'' || c == '"')
                quote = c;
            else if (c == '(' || c == '[')
                ++depth;
            else if (c == ')' || c == ']')
                --depth;
            else if (depth == 0 && c == '}')
                break;
            else if (depth == 0 && exprEnd == std::string_view::npos &&
                     (c == ':' || (c == '!' && close + 1 < body.size() && body[close + 1] != '=')))
                exprEnd = close;
        }
        if (close >= body.size())
            throw CompileError{map(open), "the f-string field is never closed with '}'"};
        if (exprEnd == std::string_view::npos)
            exprEnd = close;
        Expr format;
        format.op = Expr::Op::Format;
        format.pos = map(open);
        const std::string_view exprText = body.substr(open + 1, exprEnd - open - 1);
        if (exprText.find_first_not_of(" ") == std::string_view::npos)
            throw CompileError{map(open), "empty expression in an f-string field"};
        const OffsetMap inner = [&map, open](std::size_t i) { return map(open + 1 + i); };
        format.kids.push_back(parseExpression(exprText, inner));
        std::size_t rest = exprEnd;
        if (rest < close && body[rest] == '!') {
            if (rest + 1 >= close || (body[rest + 1] != 'r' && body[rest + 1] != 's'))
                throw CompileError{map(rest), "expected !r or !s in the f-string field"};
            format.slot = body[rest + 1] == 'r' ? 1 : 0;
            rest += 2;
        }
        if (rest < close && body[rest] == ':') {
            format.name = std::string(body.substr(rest + 1, close - rest - 1));
            rest = close;
        }
        if (rest != close)
            throw CompileError{map(rest), "unexpected text in the f-string field"};
        out.kids.push_back(std::move(format));
        return close;
    }

    Target target(const Token &at, Expr e)
    {
        Target t;
        t.pos = pos(at);
        if (e.op == Expr::Op::Name) {
            t.name = e.name;
            return t;
        }
        if (e.op == Expr::Op::Attr) {
            t.name = e.name;
            t.object = std::move(e.kids[0]);
            return t;
        }
        fail(at, "can only assign to a name or to an attribute of a threading.local()");
    }

    Stmt statement()
    {
        const Token &first = peek();
        Stmt s;
        s.pos = pos(first);
        if (isKeyword("global")) {
            take();
            s.op = Stmt::Op::Global;
            do {
                const Token &n = take();
                if (n.kind != Token::Kind::Name)
                    fail(n, "expected a name after 'global'");
                s.names.push_back(n.text);
            } while (accept(","));
            expectEnd("after the global names");
            return s;
        }
        if (isKeyword("pass")) {
            take();
            expectEnd("after 'pass'");
            return s;
        }
        if (isKeyword("return")) {
            take();
            s.op = Stmt::Op::Return;
            if (atEnd()) {
                s.expr = constant(first, Value::none());
            } else {
                s.expr = expression();
                if (isOp(","))
                    fail(peek(), "tuples are not supported: return a list [a, b]");
            }
            expectEnd("after the returned value");
            return s;
        }
        for (const char *word : {"for", "if", "with", "while", "def", "import", "from"}) {
            if (isKeyword(word))
                fail(first, std::string("'") + word +
                                "' is not a one-line statement here: " + blockHint(word));
        }
        Expr e = expression();
        static const std::pair<const char *, BinOp> augmented[] = {
            {"+=", BinOp::Add},       {"-=", BinOp::Sub}, {"*=", BinOp::Mul}, {"/=", BinOp::Div},
            {"//=", BinOp::FloorDiv}, {"%=", BinOp::Mod}, {"**=", BinOp::Pow}};
        for (const auto &[op, bin] : augmented) {
            if (isOp(op)) {
                take();
                s.op = Stmt::Op::AugAssign;
                s.bin = bin;
                s.target = target(first, std::move(e));
                s.expr = expression();
                expectEnd("after the value");
                return s;
            }
        }
        if (accept("=")) {
            s.op = Stmt::Op::Assign;
            s.target = target(first, std::move(e));
            s.expr = expression();
            if (isOp("="))
                fail(peek(), "chained assignment (a = b = 1) is not supported");
            expectEnd("after the value");
            return s;
        }
        if (isOp(","))
            fail(peek(), "tuples are not supported: assign one name at a time");
        expectEnd("after the expression");
        s.op = Stmt::Op::Expr;
        s.expr = std::move(e);
        return s;
    }

    static std::string blockHint(std::string_view word)
    {
        if (word == "for")
            return "write {\"for\": \"n in numbers\", \"do\": [...]}";
        if (word == "if")
            return "write {\"if\": \"condition\", \"do\": [...], \"else\": [...]}";
        if (word == "with")
            return "write {\"with\": \"lock\", \"do\": [...]}";
        if (word == "def")
            return "define functions in \"functions\"";
        if (word == "import" || word == "from")
            return "time, threading, os and multiprocessing are already there";
        return "use {\"repeat\": \"n\", \"do\": [...]}";
    }

    ForHeader forHeader()
    {
        const Token &first = peek();
        if (first.kind != Token::Kind::Name)
            fail(first, "expected a loop variable, like \"n in numbers\"");
        ForHeader h;
        h.target = target(first, name());
        if (!isKeyword("in"))
            fail(peek(), "expected 'in' after the loop variable, like \"n in numbers\"");
        take();
        h.iterable = expression();
        expectEnd("after what the loop runs over");
        return h;
    }

    Signature signature()
    {
        Signature s;
        const Token &n = take();
        if (n.kind != Token::Kind::Name)
            fail(n, "expected a function name, like \"calc_square(numbers)\"");
        s.name = n.text;
        expect("(", "after the function name, like \"calc_square(numbers)\"");
        while (!isOp(")")) {
            const Token &p = take();
            if (p.kind != Token::Kind::Name)
                fail(p, "expected a parameter name");
            for (const std::string &earlier : s.params) {
                if (earlier == p.text)
                    fail(p, "duplicate parameter '" + p.text + "'");
            }
            s.params.push_back(p.text);
            if (!accept(","))
                break;
        }
        expect(")", "to close the parameters");
        expectEnd("after the parameters");
        return s;
    }

    std::string_view m_text;
    const OffsetMap &m_map;
    Lexer m_lexer;
    std::vector<Token> m_tokens;
    std::size_t m_index = 0;
    int m_depth = 0;

    // Bounds the recursion, so that no text can overflow the stack.
    struct Nest
    {
        explicit Nest(Parser &p) : parser(p)
        {
            if (++parser.m_depth > kMaxNesting)
                parser.fail(parser.peek(), "nested more than 200 levels deep");
        }
        ~Nest() { --parser.m_depth; }
        Parser &parser;
    };

    // Each link of a chain (a + b + c, x.f()[0]) deepens the tree by one too.
    struct Chain
    {
        explicit Chain(Parser &p) : parser(p) {}
        void link()
        {
            ++links;
            if (++parser.m_depth > kMaxNesting)
                parser.fail(parser.peek(), "an expression more than 200 levels deep");
        }
        ~Chain() { parser.m_depth -= links; }
        Parser &parser;
        int links = 0;
    };
};

} // namespace

Expr parseExpression(std::string_view text, const OffsetMap &map)
{
    Parser p(text, map);
    Expr e = p.expression();
    p.expectEnd("after the expression");
    return e;
}

Stmt parseStatement(std::string_view text, const OffsetMap &map)
{
    Parser p(text, map);
    if (p.atEnd())
        throw CompileError{map(0), "empty statement"};
    return p.statement();
}

Expr parseTemplate(std::string_view text, const OffsetMap &map)
{
    Parser p({}, map);
    return p.parseTemplateBody(text, map, false);
}

ForHeader parseForHeader(std::string_view text, const OffsetMap &map)
{
    Parser p(text, map);
    return p.forHeader();
}

Signature parseSignature(std::string_view text, const OffsetMap &map)
{
    Parser p(text, map);
    return p.signature();
}

bool isIdentifier(std::string_view text)
{
    if (text.empty() || !isNameStart(text[0]))
        return false;
    for (char c : text)
        if (!isNameChar(c))
            return false;
    return true;
}

} // namespace interleave::lang
