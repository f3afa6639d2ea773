#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace interleave;

namespace {

// A one-call workload whose function's body is `body`, with `after` run on the main thread.
QByteArray program(const QStringList &body, const QStringList &after = {},
                   const QJsonObject &globals = {})
{
    QJsonObject o{{QStringLiteral("name"), QStringLiteral("t")},
                  {QStringLiteral("functions"),
                   QJsonObject{{QStringLiteral("f()"), QJsonArray::fromStringList(body)}}},
                  {QStringLiteral("calls"), QJsonArray{QStringLiteral("f()")}},
                  {QStringLiteral("after"), QJsonArray::fromStringList(after)}};
    if (!globals.isEmpty())
        o.insert(QStringLiteral("globals"), globals);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

RunResult runSequential(const QByteArray &json)
{
    return test::runToEnd(test::workloadFrom(json), Mode::Sequential);
}

// Rows of expressionsEvaluateAsInPython, by theme.

// Arithmetic: floor division, modulo and powers round and bind as in Python.
void addArithmeticExpressions()
{
    QTest::newRow("7 // 2") << QStringLiteral("7 // 2") << QStringLiteral("3");
    QTest::newRow("-7 // 2") << QStringLiteral("-7 // 2") << QStringLiteral("-4");
    QTest::newRow("-7 % 3") << QStringLiteral("-7 % 3") << QStringLiteral("2");
    QTest::newRow("7 % -3") << QStringLiteral("7 % -3") << QStringLiteral("-2");
    QTest::newRow("2 ** 10") << QStringLiteral("2 ** 10") << QStringLiteral("1024");
    QTest::newRow("2 ** -1") << QStringLiteral("2 ** -1") << QStringLiteral("0.5");
    QTest::newRow("7 / 2") << QStringLiteral("7 / 2") << QStringLiteral("3.5");
    QTest::newRow("1 / 3") << QStringLiteral("1 / 3") << QStringLiteral("0.3333333333333333");
    QTest::newRow("True + 1") << QStringLiteral("True + 1") << QStringLiteral("2");
    QTest::newRow("10 ** 18") << QStringLiteral("10 ** 18")
                              << QStringLiteral("1000000000000000000");
    QTest::newRow("-2 ** 2") << QStringLiteral("-2 ** 2") << QStringLiteral("-4");
    QTest::newRow("(-2) ** 2") << QStringLiteral("(-2) ** 2") << QStringLiteral("4");
    QTest::newRow("2 ** 3 ** 2") << QStringLiteral("2 ** 3 ** 2") << QStringLiteral("512");
    QTest::newRow("7 - 2 - 1") << QStringLiteral("7 - 2 - 1") << QStringLiteral("4");
    QTest::newRow("100 // 7 * 7 + 100 % 7")
        << QStringLiteral("100 // 7 * 7 + 100 % 7") << QStringLiteral("100");
    QTest::newRow("1 / 7") << QStringLiteral("1 / 7") << QStringLiteral("0.14285714285714285");
    QTest::newRow("2 ** 0.5") << QStringLiteral("2 ** 0.5") << QStringLiteral("1.4142135623730951");
    QTest::newRow("1 // 0.1") << QStringLiteral("1 // 0.1") << QStringLiteral("9.0");
    QTest::newRow("-1 // 0.1") << QStringLiteral("-1 // 0.1") << QStringLiteral("-10.0");
    QTest::newRow("-7.5 // 2") << QStringLiteral("-7.5 // 2") << QStringLiteral("-4.0");
}

// Floats shown as repr() shows them: the shortest text that reads back the same.
void addFloatReprExpressions()
{
    QTest::newRow("0.1 + 0.2") << QStringLiteral("0.1 + 0.2")
                               << QStringLiteral("0.30000000000000004");
    QTest::newRow("1e16") << QStringLiteral("1e16") << QStringLiteral("1e+16");
    QTest::newRow("1.5e-5") << QStringLiteral("1.5e-5") << QStringLiteral("1.5e-05");
    QTest::newRow("123456789.0 * 10")
        << QStringLiteral("123456789.0 * 10") << QStringLiteral("1234567890.0");
    QTest::newRow("2.0") << QStringLiteral("2.0") << QStringLiteral("2.0");
    QTest::newRow("-0.0") << QStringLiteral("-0.0") << QStringLiteral("-0.0");
    QTest::newRow("1e22") << QStringLiteral("1e22") << QStringLiteral("1e+22");
    QTest::newRow("0.0001") << QStringLiteral("0.0001") << QStringLiteral("0.0001");
    QTest::newRow("0.00001") << QStringLiteral("0.00001") << QStringLiteral("1e-05");
    QTest::newRow("str(1.0)") << QStringLiteral("str(1.0)") << QStringLiteral("'1.0'");
    QTest::newRow("str(0.1)") << QStringLiteral("str(0.1)") << QStringLiteral("'0.1'");
}

// round() rounds half to even, and to the decimal text for ndigits.
void addRoundExpressions()
{
    QTest::newRow("round(2.675, 2)") << QStringLiteral("round(2.675, 2)") << QStringLiteral("2.67");
    QTest::newRow("round(0.5)") << QStringLiteral("round(0.5)") << QStringLiteral("0");
    QTest::newRow("round(1.5)") << QStringLiteral("round(1.5)") << QStringLiteral("2");
    QTest::newRow("round(-2.5)") << QStringLiteral("round(-2.5)") << QStringLiteral("-2");
    QTest::newRow("round(1234.5678, -2)")
        << QStringLiteral("round(1234.5678, -2)") << QStringLiteral("1200.0");
    QTest::newRow("round(1250, -2)") << QStringLiteral("round(1250, -2)") << QStringLiteral("1200");
    QTest::newRow("round(1350, -2)") << QStringLiteral("round(1350, -2)") << QStringLiteral("1400");
    QTest::newRow("round(-1250, -2)")
        << QStringLiteral("round(-1250, -2)") << QStringLiteral("-1200");
}

// Strings, lists and ranges: joining, repeating, indexing by code point.
void addSequenceExpressions()
{
    QTest::newRow("[1, 2] + [3]") << QStringLiteral("[1, 2] + [3]") << QStringLiteral("[1, 2, 3]");
    QTest::newRow("[0] * 3") << QStringLiteral("[0] * 3") << QStringLiteral("[0, 0, 0]");
    QTest::newRow("'ab' * 2") << QStringLiteral("'ab' * 2") << QStringLiteral("'abab'");
    QTest::newRow("3 * 'x'") << QStringLiteral("3 * 'x'") << QStringLiteral("'xxx'");
    QTest::newRow("len('héllo')") << QStringLiteral("len('héllo')") << QStringLiteral("5");
    QTest::newRow("'héllo'[1]") << QStringLiteral("'héllo'[1]") << QStringLiteral("'é'");
    QTest::newRow("[1, 2, 3][-1]") << QStringLiteral("[1, 2, 3][-1]") << QStringLiteral("3");
    QTest::newRow("list(range(1, 10, 3))")
        << QStringLiteral("list(range(1, 10, 3))") << QStringLiteral("[1, 4, 7]");
    QTest::newRow("len(range(0, 10, 3))")
        << QStringLiteral("len(range(0, 10, 3))") << QStringLiteral("4");
    QTest::newRow("range(5)[2]") << QStringLiteral("range(5)[2]") << QStringLiteral("2");
    QTest::newRow("range(10, 0, -3)")
        << QStringLiteral("range(10, 0, -3)") << QStringLiteral("range(10, 0, -3)");
    QTest::newRow("[1, [2, 'x']]")
        << QStringLiteral("[1, [2, 'x']]") << QStringLiteral("[1, [2, 'x']]");
    QTest::newRow("5 in range(-2**63, 2**63 - 1)")
        << QStringLiteral("5 in range(-9223372036854775807 - 1, 9223372036854775807)")
        << QStringLiteral("True");
}

// repr() of values and of strings holding quotes and escapes.
void addReprExpressions()
{
    QTest::newRow("str(True)") << QStringLiteral("str(True)") << QStringLiteral("'True'");
    QTest::newRow("str([1, 'a', None, 2.5])")
        << QStringLiteral("str([1, 'a', None, 2.5])") << QStringLiteral("\"[1, 'a', None, 2.5]\"");
    QTest::newRow("\"it's\"") << QStringLiteral("\"it's\"") << QStringLiteral("\"it's\"");
    QTest::newRow("'say \"hi\"'") << QStringLiteral("'say \"hi\"'")
                                  << QStringLiteral("'say \"hi\"'");
    QTest::newRow("'tab\\there'") << QStringLiteral("'tab\\there'")
                                  << QStringLiteral("'tab\\there'");
    QTest::newRow("None") << QStringLiteral("None") << QStringLiteral("None");
}

// Comparisons, chained comparisons, membership and the boolean operators.
void addComparisonExpressions()
{
    QTest::newRow("1 < 2 < 3") << QStringLiteral("1 < 2 < 3") << QStringLiteral("True");
    QTest::newRow("3 > 2 > 2") << QStringLiteral("3 > 2 > 2") << QStringLiteral("False");
    QTest::newRow("2 in [1, 2]") << QStringLiteral("2 in [1, 2]") << QStringLiteral("True");
    QTest::newRow("'b' not in 'abc'")
        << QStringLiteral("'b' not in 'abc'") << QStringLiteral("False");
    QTest::newRow("1 == 1.0") << QStringLiteral("1 == 1.0") << QStringLiteral("True");
    QTest::newRow("'a' if 0 else 'b'")
        << QStringLiteral("'a' if 0 else 'b'") << QStringLiteral("'b'");
    QTest::newRow("0 or 'x'") << QStringLiteral("0 or 'x'") << QStringLiteral("'x'");
    QTest::newRow("1 and 0") << QStringLiteral("1 and 0") << QStringLiteral("0");
    QTest::newRow("not []") << QStringLiteral("not []") << QStringLiteral("True");
    QTest::newRow("3 != 3.0") << QStringLiteral("3 != 3.0") << QStringLiteral("False");
    QTest::newRow("[1, 2] < [1, 3]") << QStringLiteral("[1, 2] < [1, 3]") << QStringLiteral("True");
    QTest::newRow("'abc' < 'abd'") << QStringLiteral("'abc' < 'abd'") << QStringLiteral("True");
}

// The builtins that take and give values.
void addBuiltinExpressions()
{
    QTest::newRow("sum([1, 2, 3])") << QStringLiteral("sum([1, 2, 3])") << QStringLiteral("6");
    QTest::newRow("sum([0.5, 1])") << QStringLiteral("sum([0.5, 1])") << QStringLiteral("1.5");
    QTest::newRow("min(3, 1, 2)") << QStringLiteral("min(3, 1, 2)") << QStringLiteral("1");
    QTest::newRow("max([1, 5, 2])") << QStringLiteral("max([1, 5, 2])") << QStringLiteral("5");
    QTest::newRow("sorted([3, 1, 2])")
        << QStringLiteral("sorted([3, 1, 2])") << QStringLiteral("[1, 2, 3]");
    QTest::newRow("abs(-3)") << QStringLiteral("abs(-3)") << QStringLiteral("3");
    QTest::newRow("abs(-2.5)") << QStringLiteral("abs(-2.5)") << QStringLiteral("2.5");
    QTest::newRow("int('42')") << QStringLiteral("int('42')") << QStringLiteral("42");
    QTest::newRow("int(' -7 ')") << QStringLiteral("int(' -7 ')") << QStringLiteral("-7");
    QTest::newRow("int(3.9)") << QStringLiteral("int(3.9)") << QStringLiteral("3");
    QTest::newRow("int(-3.9)") << QStringLiteral("int(-3.9)") << QStringLiteral("-3");
    QTest::newRow("float('2.5')") << QStringLiteral("float('2.5')") << QStringLiteral("2.5");
    QTest::newRow("float(3)") << QStringLiteral("float(3)") << QStringLiteral("3.0");
    QTest::newRow("all([1, 1, 0])") << QStringLiteral("all([1, 1, 0])") << QStringLiteral("False");
    QTest::newRow("any([0, 0, 1])") << QStringLiteral("any([0, 0, 1])") << QStringLiteral("True");
    QTest::newRow("all([])") << QStringLiteral("all([])") << QStringLiteral("True");
}

// f-strings and the format specs they support.
void addFStringExpressions()
{
    QTest::newRow("f'{3.14159:.2f}'")
        << QStringLiteral("f'{3.14159:.2f}'") << QStringLiteral("'3.14'");
    QTest::newRow("f'{1234567:,}'")
        << QStringLiteral("f'{1234567:,}'") << QStringLiteral("'1,234,567'");
    QTest::newRow("f'{1234567.891:,.1f}'")
        << QStringLiteral("f'{1234567.891:,.1f}'") << QStringLiteral("'1,234,567.9'");
    QTest::newRow("f'{0.25:.0%}'") << QStringLiteral("f'{0.25:.0%}'") << QStringLiteral("'25%'");
    QTest::newRow("f'{\"x\"!r}'") << QStringLiteral("f'{\"x\"!r}'") << QStringLiteral("\"'x'\"");
    QTest::newRow("f'{{}}'") << QStringLiteral("f'{{}}'") << QStringLiteral("'{}'");
    QTest::newRow("f'{2**10} and {\"a\" * 2}'")
        << QStringLiteral("f'{2**10} and {\"a\" * 2}'") << QStringLiteral("'1024 and aa'");
    QTest::newRow("f'{1234567.5:,}'")
        << QStringLiteral("f'{1234567.5:,}'") << QStringLiteral("'1,234,567.5'");
    QTest::newRow("f'{1.0:.3}'") << QStringLiteral("f'{1.0:.3}'") << QStringLiteral("'1.0'");
    QTest::newRow("f'{1234.5678:.3}'")
        << QStringLiteral("f'{1234.5678:.3}'") << QStringLiteral("'1.23e+03'");
}

} // namespace

// The language's semantics, held against CPython's: every expected value here is what
// python3 printed for repr() of the same expression.
class TestLanguage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expressionsEvaluateAsInPython_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("expected"); // repr() of the value, from CPython 3.11
        addArithmeticExpressions();
        addFloatReprExpressions();
        addRoundExpressions();
        addSequenceExpressions();
        addReprExpressions();
        addComparisonExpressions();
        addBuiltinExpressions();
        addFStringExpressions();
    }

    void expressionsEvaluateAsInPython()
    {
        QFETCH(QString, expression);
        QFETCH(QString, expected);
        const RunResult r = runSequential(program({QStringLiteral("return ") + expression}));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(test::reprs(r.results).value(0), expected);
    }

    void printIsPythonsPrint_data()
    {
        QTest::addColumn<QStringList>("body");
        QTest::addColumn<QStringList>("lines");
        QTest::newRow("two arguments")
            << QStringList{"print('Square: ', 2*2)"} << QStringList{"Square:  4"};
        QTest::newRow("no arguments") << QStringList{"print()"} << QStringList{""};
        QTest::newRow("sep") << QStringList{"print(1, 2, 3, sep='-')"} << QStringList{"1-2-3"};
        QTest::newRow("end joins lines")
            << QStringList{"print('a', end='')", "print('b', end=' ')", "print('c')"}
            << QStringList{"ab c"};
        QTest::newRow("end with newlines")
            << QStringList{"print('x', end='\\n\\n')"} << QStringList{"x", ""};
        QTest::newRow("sep None is a space")
            << QStringList{"print(1, 2, sep=None)"} << QStringList{"1 2"};
        QTest::newRow("str of values") << QStringList{"print(None, True, 2.5, 'x', [1, 'y'])"}
                                       << QStringList{"None True 2.5 x [1, 'y']"};
        QTest::newRow("flush") << QStringList{"print('f', flush=True)"} << QStringList{"f"};
        QTest::newRow("unfinished line is kept")
            << QStringList{"print('tail', end='')"} << QStringList{"tail"};
    }

    void printIsPythonsPrint()
    {
        QFETCH(QStringList, body);
        QFETCH(QStringList, lines);
        const RunResult r = runSequential(program(body));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(test::outputLines(r), lines);
    }

    void statementsAndScopes()
    {
        const RunResult r = runSequential(
            program({"global total", "local = 0", "total = total + 1"}, {"print(total, results)"},
                    QJsonObject{{QStringLiteral("total"), 41}}));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(test::outputLines(r), QStringList{"42 [None]"});

        // for over a list, a range and a str; repeat; if/else; nested; return from a loop.
        const QByteArray json =
            "{\"name\": \"t\",\n"
            "          \"functions\": {\n"
            "            \"f(xs)\": [\n"
            "              \"out = []\",\n"
            "              {\"for\": \"x in xs\", \"do\": [\n"
            "                {\"for\": \"i in range(2)\", \"do\": [\n"
            "                  {\"if\": \"x % 2 == 0\", \"do\": [\"out = out + [x * 10 + i]\"],\n"
            "                   \"else\": [\"out = out + [-x]\"]}]}]},\n"
            "              {\"repeat\": 3, \"do\": [\"out = out + [0]\"]},\n"
            "              {\"for\": \"c in 'ab'\", \"do\": [\"out = out + [c]\"]},\n"
            "              {\"for\": \"y in [7, 8, 9]\", \"do\": [{\"if\": \"y == 8\", \"do\": "
            "[\"return out + [y]\"]}]},\n"
            "              \"return None\"]},\n"
            "          \"calls\": [\"f([1, 2])\"]}";
        const RunResult loops = runSequential(json);
        QVERIFY2(loops.ok(), qPrintable(loops.error));
        QCOMPARE(test::reprs(loops.results), QStringList{"[-1, -1, 20, 21, 0, 0, 0, 'a', 'b', 8]"});
    }

    void returnLeavesAnyLoopAtOnce()
    {
        // A global loop variable takes the general path; both must stop at the return, not
        // walk the rest of a range of a trillion.
        const RunResult r = runSequential(
            "{\"name\": \"t\", \"globals\": {\"i\": 0}, \"functions\": {"
            "\"f()\": [\"global i\", {\"for\": \"i in range(10**12)\", \"do\": [\"return i\"]}],"
            "\"g()\": [{\"for\": \"c in 'ab' * 100000\", \"do\": [\"return c\"]}]},"
            "\"calls\": [\"f()\", \"g()\"]}");
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(test::reprs(r.results), QStringList({"0", "'a'"}));
    }

    void functionsCallFunctions()
    {
        const RunResult r = runSequential(
            "{\"name\": \"t\",\n"
            "          \"functions\": {\"square(n)\": [\"return n * n\"],\n"
            "                        \"f(a, b)\": [\"return square(a) + square(b)\"]},\n"
            "          \"calls\": [\"f(3, 4)\", {\"map\": \"square\", \"over\": \"range(1, "
            "4)\"}]}");
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(test::reprs(r.results), QStringList({"25", "1", "4", "9"}));
        QCOMPARE(r.trace.info->calls.at(0).label(), QStringLiteral("f(3, 4)"));
        QCOMPARE(r.trace.info->calls.at(3).label(), QStringLiteral("square(3)"));
    }

    void runtimeErrorsNameTheirPlace_data()
    {
        QTest::addColumn<QString>("statement");
        QTest::addColumn<QString>("expected");
        QTest::newRow("floor division by zero")
            << "return 1 // 0"
            << "ZeroDivisionError: integer division or modulo by zero";
        QTest::newRow("division by zero") << "return 1 / 0"
                                          << "ZeroDivisionError: division by zero";
        QTest::newRow("overflow") << "return 2 ** 64"
                                  << "OverflowError: integer overflow";
        QTest::newRow("overflow by addition") << "return 9223372036854775807 + 1"
                                              << "OverflowError: integer overflow";
        QTest::newRow("str plus int")
            << "return 'a' + 1"
            << "TypeError: unsupported operand type(s) for +: 'str' and 'int'";
        QTest::newRow("index") << "return [1][5]"
                               << "IndexError: list index out of range";
        QTest::newRow("len of int") << "return len(5)"
                                    << "TypeError: object of type 'int' has no len()";
        QTest::newRow("negative sleep") << "time.sleep(-1)"
                                        << "ValueError: sleep length must be non-negative";
        QTest::newRow("long sleep") << "time.sleep(7200)"
                                    << "ValueError: sleep of 7200.0 s";
        QTest::newRow("huge compute") << "compute(10**9)"
                                      << "ValueError: compute() works on numbers from 0";
        QTest::newRow("unbound local") << "x = x + 1"
                                       << "UnboundLocalError: cannot access local variable 'x' "
                                          "where it is not associated with a value";
        QTest::newRow("huge list") << "return [0] * 10**7"
                                   << "MemoryError";
        QTest::newRow("not iterable") << "return sum(5)"
                                      << "TypeError: 'int' object is not iterable";
        QTest::newRow("sum of a huge range") << "return sum(range(10**15))"
                                             << "MemoryError";
        QTest::newRow("huge range")
            << "return len(range(-9223372036854775807 - 1, 9223372036854775807))"
            << "OverflowError: range has more than 2**63 - 1 items";
        QTest::newRow("precision of an int")
            << "return f'{5:.2}'"
            << "ValueError: Precision not allowed in integer format";
        QTest::newRow("lists nested too deep")
            << QStringLiteral("return ") + QString(40, QLatin1Char('[')) +
                   QString(40, QLatin1Char(']'))
            << "RecursionError: lists nested more than 32 deep";
        QTest::newRow("bad int") << "return int('x')"
                                 << "ValueError: invalid literal for int()";
        QTest::newRow("ordering")
            << "return 1 < 'a'"
            << "TypeError: '<' not supported between instances of 'int' and 'str'";
        QTest::newRow("not a lock") << "return [1].x"
                                    << "AttributeError: 'list' object has no attribute 'x'";
        QTest::newRow("format of a str") << "return f'{\"x\":.2f}'"
                                         << "ValueError: format spec '.2f' needs a number, not str";
    }

    void runtimeErrorsNameTheirPlace()
    {
        QFETCH(QString, statement);
        QFETCH(QString, expected);
        for (Mode mode : {Mode::Sequential, Mode::Threads}) {
            const RunResult r =
                test::runToEnd(test::workloadFrom(program({"pass", statement})), mode);
            QVERIFY(!r.ok());
            QVERIFY(!r.cancelled);
            // test.json, line 1, the column of the statement, in f.
            QVERIFY2(r.error.startsWith(QStringLiteral("test.json:1:")) &&
                         r.error.contains(QStringLiteral(": in f: ") + expected),
                     qPrintable(r.error));
        }
    }

    void recursionIsBounded()
    {
        const RunResult r = runSequential(
            "{\"name\": \"t\",\n"
            "          \"functions\": {\"f(n)\": [\"return f(n + 1)\"]}, \"calls\": [\"f(0)\"]}");
        QVERIFY2(r.error.contains(QStringLiteral("RecursionError")), qPrintable(r.error));
    }

    void objectsLiveInGlobals()
    {
        const RunResult ok = runSequential(
            "{\"name\": \"t\",\n"
            "          \"globals\": {\"lock\": \"threading.Lock()\", \"data\": "
            "\"threading.local()\",\n"
            "                      \"q\": \"multiprocessing.Queue()\"},\n"
            "          \"functions\": {\"f(n)\": [\n"
            "            {\"with\": \"lock\", \"do\": [\"data.x = n\"]},\n"
            "            \"q.put(data.x * 2)\", \"return threading.current_thread().name\"]},\n"
            "          \"calls\": [\"f(21)\"],\n"
            "          \"after\": [\"print(q.qsize(), q.get(), q.empty())\"]}");
        QVERIFY2(ok.ok(), qPrintable(ok.error));
        QCOMPARE(test::outputLines(ok), QStringList{"1 42 True"});
        QCOMPARE(test::reprs(ok.results), QStringList{"'MainThread'"});
    }
};

QTEST_GUILESS_MAIN(TestLanguage)
#include "tst_language.moc"
