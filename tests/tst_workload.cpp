#include "testsupport.h"

#include "json.h"
#include "openfile.h"
#include "workload.h"

#include <QTemporaryDir>

#include <cmath>

using namespace interleave;

namespace {

// A workload around `functions` and `calls`, each the text of a JSON value.
QByteArray with(const QByteArray &functions, const QByteArray &calls = "[\"f()\"]",
                const QByteArray &extra = {})
{
    return "{\"name\": \"t\",\n \"functions\": " + functions + ",\n \"calls\": " + calls + extra +
           "}";
}

// Rows of loadErrorsNameTheirPlace, by theme. `f` is a function that only passes.

// The file's shape: its JSON, its fields, its functions' signatures and its calls.
void addFileShapeErrors(const QByteArray &f)
{
    QTest::newRow("json syntax") << QByteArray("{\"name\": \"x\",\n  \"calls\": [}")
                                 << "2:13: unexpected '}': expected a value";
    QTest::newRow("duplicate field") << QByteArray("{\"name\": \"x\", \"name\": \"y\"}")
                                     << "1:15: the field \"name\" appears twice";
    QTest::newRow("not an object")
        << QByteArray("[1, 2]") << "1:1: the top level must be an object";
    QTest::newRow("no name") << QByteArray("{\"functions\": {}, \"calls\": []}")
                             << "1:1: missing \"name\" (a text)";
    QTest::newRow("bad name") << QByteArray("{\"name\": \"a b\", \"calls\": []}")
                              << "1:10: \"name\" must be letters";
    QTest::newRow("unknown field") << QByteArray("{\"name\": \"x\", \"cals\": []}")
                                   << "1:15: unknown field \"cals\" (expected one of: name,";
    QTest::newRow("no calls") << QByteArray("{\"name\": \"x\", \"functions\": {\"f()\": []}}")
                              << "1:1: missing \"calls\"";
    QTest::newRow("empty calls") << with(f, "[]") << "3:11: \"calls\" must hold at least one call";
    QTest::newRow("body not a list")
        << with("{\"f()\": \"pass\"}") << "2:23: a function's body must be a list";
    QTest::newRow("bad signature")
        << with("{\"f(\": [\"pass\"]}") << "2:19: expected a parameter name";
    QTest::newRow("duplicate parameter")
        << with("{\"f(a, a)\": [\"pass\"]}") << "2:22: duplicate parameter 'a'";
    QTest::newRow("defined twice") << with("{\"f()\": [\"pass\"], \"f(x)\": [\"pass\"]}")
                                   << "2:33: the function \"f\" is defined twice";
}

// Statements and expressions in the functions' bodies.
void addStatementErrors(const QByteArray &f)
{
    QTest::newRow("unknown name with a suggestion")
        << with("{\"f(numbers)\": [\"print(nmbers)\"]}", "[\"f(1)\"]")
        << "2:38: name \"nmbers\" is not defined (did you mean \"numbers\"?)";
    QTest::newRow("unknown function")
        << with("{\"f()\": [\"prnt('x')\"]}") << "2:25: there is no function \"prnt\"";
    QTest::newRow("arity") << with("{\"f(n)\": [\"pass\"]}", "[\"f(1, 2)\"]")
                           << "3:13: f() takes 1 argument, not 2";
    QTest::newRow("print keyword")
        << with("{\"f()\": [\"print(1, sepp='')\"]}")
        << "2:25: print() takes no keyword argument \"sepp\" (print takes sep, end, flush)";
    QTest::newRow("does nothing") << with("{\"f()\": [\"1 + 1\"]}")
                                  << "2:25: this expression does nothing";
    QTest::newRow("syntax in a statement")
        << with("{\"f()\": [\"print('a'\"]}")
        << "2:34: expected ')' to close the arguments, found the end of the text";
    QTest::newRow("unclosed string")
        << with("{\"f()\": [\"print('a)\"]}") << "2:31: the string is never closed with '";
    QTest::newRow("tuple") << with("{\"f()\": [\"return 1, 2\"]}")
                           << "2:33: tuples are not supported: return a list [a, b]";
    QTest::newRow("python block in a string")
        << with("{\"f()\": [\"for n in x:\"]}")
        << "2:25: 'for' is not a one-line statement here: write {\"for\": \"n in numbers\"";
    QTest::newRow("return outside a function")
        << with(f, "[\"f()\"]", ", \"after\": [\"return 1\"]")
        << "3:30: 'return' is only for functions";
    QTest::newRow("for without in") << with("{\"f()\": [{\"for\": \"n of x\", \"do\": []}]}")
                                    << "2:35: expected 'in' after the loop variable";
    QTest::newRow("two block kinds")
        << with("{\"f()\": [{\"if\": \"1\", \"repeat\": 2, \"do\": []}]}")
        << "2:24: a block has one of";
    QTest::newRow("block without do")
        << with("{\"f()\": [{\"repeat\": 2}]}") << "2:24: missing \"do\" (a list of statements)";
    QTest::newRow("lock made in a function")
        << with("{\"f()\": [\"l = threading.Lock()\"]}")
        << "2:29: create threading.Lock() as the value of a global";
    QTest::newRow("assign to a builtin")
        << with("{\"f()\": [\"len = 3\"]}") << "2:25: cannot assign to \"len\"";
    QTest::newRow("integer too large") << with("{\"f()\": [\"return 99999999999999999999\"]}")
                                       << "2:32: integer literal is too large";
    QTest::newRow("nested too deep")
        << with("{\"f()\": [\"return " + QByteArray(300, '(') + "1" + QByteArray(300, ')') + "\"]}")
        << "2:232: nested more than 200 levels deep";
    QTest::newRow("chain too long")
        << with("{\"f()\": [\"return 1" + QByteArray("+1").repeated(300) + "\"]}")
        << "2:431: an expression more than 200 levels deep";
    QTest::newRow("f-string brace") << with("{\"f()\": [\"print(f'a}')\"]}")
                                    << "2:34: single '}' is not allowed in an f-string";
    QTest::newRow("format spec") << with("{\"f()\": [\"print(f'{1:>4}')\"]}")
                                 << "2:33: format spec '>4' is not supported";
    QTest::newRow("dict") << with("{\"f()\": [\"return {1: 2}\"]}")
                          << "2:32: dicts are not supported";
    QTest::newRow("break") << with("{\"f()\": [{\"for\": \"i in [1]\", \"do\": [\"break\"]}]}")
                           << "2:52: 'break' is not supported: a loop runs to its end";
    QTest::newRow("while block") << with("{\"f()\": [{\"while\": \"True\", \"do\": []}]}")
                                 << "2:24: \"while\" blocks are not supported";
    QTest::newRow("swapped letters") << with("{\"f(url)\": [\"print(ulr)\"]}", "[\"f(1)\"]")
                                     << "2:34: name \"ulr\" is not defined (did you mean \"url\"?)";
}

// The calls, the options and the expectations.
void addCallAndExpectationErrors(const QByteArray &f)
{
    QTest::newRow("call of a builtin")
        << with(f, "[\"print(1)\"]") << "3:12: a call must call one of the workload's functions";
    QTest::newRow("map of two parameters")
        << with("{\"f(a, b)\": [\"pass\"]}", "[{\"map\": \"f\", \"over\": \"[1]\"}]")
        << "3:20: map needs a function of one parameter";
    QTest::newRow("too many calls") << with(f, "[{\"call\": \"f()\", \"repeat\": 600000}, "
                                               "{\"call\": \"f()\", \"repeat\": 600000}]")
                                    << "3:11: 1200000 calls in all; at most 1000000";
    QTest::newRow("option not a bool") << with(f, "[\"f()\"]", ", \"options\": {\"locked\": 3}")
                                       << "3:42: an option must be true, false or";
    QTest::newRow("expectation names nothing")
        << with(f, "[\"f()\"]", ", \"expect\": [{\"that\": \"speedp > 1\", \"says\": \"x\"}]")
        << "3:41: name \"speedp\" is not defined";
    QTest::newRow("expectation calls a function")
        << with(f, "[\"f()\"]", ", \"expect\": [{\"that\": \"f()\", \"says\": \"x\"}]")
        << "3:41: an expectation reads the run's facts; it cannot call";
    QTest::newRow("took outside expectations")
        << with("{\"f()\": [\"return took('f')\"]}") << "2:32: took() is only for expectations";
    QTest::newRow("fact misspelt")
        << with(f, "[\"f()\"]", ", \"expect\": [{\"that\": \"wal > 1\", \"says\": \"x\"}]")
        << "3:41: name \"wal\" is not defined (did you mean \"wall\"?)";
}

} // namespace

class TestWorkload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numbersPastADoubleAreInfiniteOrZero()
    {
        const json::Node n = json::parse("[1e-400, -1e-400, 1e400, -1e400, 0.5, 1e308]");
        QCOMPARE(n.items.size(), std::size_t(6));
        QCOMPARE(n.items[0].number, 0.0);
        QCOMPARE(n.items[1].number, -0.0);
        QVERIFY(std::isinf(n.items[2].number) && n.items[2].number > 0);
        QVERIFY(std::isinf(n.items[3].number) && n.items[3].number < 0);
        QCOMPARE(n.items[4].number, 0.5);
        QCOMPARE(n.items[5].number, 1e308);
        QCOMPARE(n.items[0].text, std::string("1e-400")); // as written
    }

    void catalogHasEverySeedWorkloadInOrder()
    {
        QStringList names;
        for (const Workload &w : builtinWorkloads()) {
            names << w.name;
            QVERIFY2(!w.lesson.isEmpty(), qPrintable(w.name));
            QVERIFY2(!w.title.isEmpty(), qPrintable(w.name));
            QVERIFY2(!w.program->expectations.empty(), qPrintable(w.name));
        }
        QCOMPARE(names, QStringList({"sleep-twice", "square-cube", "named-tasks", "staggered",
                                     "pool-squares", "cpu-primes", "io-vs-cpu", "shared-counter",
                                     "deadlock", "process-memory", "thread-local", "tiny-tasks"}));
    }

    void variantsAreOptions()
    {
        const Workload counter = test::builtin("shared-counter");
        QCOMPARE(counter.options.size(), std::size_t(1));
        QCOMPARE(counter.options[0].name, QStringLiteral("locked"));
        QCOMPARE(counter.options[0].defaultValue, false);
        QVERIFY(!counter.options[0].help.isEmpty());
        QCOMPARE(test::builtin("process-memory").options.at(0).name, QStringLiteral("queue"));
    }

    void builtinsAreShort()
    {
        // The language exists so that a workload reads like the seed's few lines of Python.
        for (const char *name : {"square-cube", "io-vs-cpu"}) {
            QFile f(QStringLiteral(":/workloads/%1.json").arg(QLatin1String(name)));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(f.readAll().count('\n') < 40, name);
        }
    }

    void loadErrorsNameTheirPlace_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected"); // the whole message after "test.json:"

        const QByteArray f = "{\"f()\": [\"pass\"]}";
        addFileShapeErrors(f);
        addStatementErrors(f);
        addCallAndExpectationErrors(f);
    }

    void loadErrorsNameTheirPlace()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const WorkloadParse parsed = parseWorkload(json, QStringLiteral("test.json"));
        QVERIFY(!parsed.workload);
        QVERIFY2(parsed.error.startsWith(QStringLiteral("test.json:") + expected),
                 qPrintable(parsed.error));
    }

    void missingOrOddFilesNameTheFile()
    {
        const WorkloadParse missing = loadWorkloadFile(QStringLiteral("/nonexistent/w.json"));
        QVERIFY(!missing.workload);
        QVERIFY2(missing.error.startsWith(QStringLiteral("/nonexistent/w.json: cannot read")),
                 qPrintable(missing.error));
        const WorkloadParse device = loadWorkloadFile(QStringLiteral("/dev/zero"));
        QVERIFY2(device.error.startsWith(QStringLiteral("/dev/zero: not a regular file")),
                 qPrintable(device.error));
        QTemporaryDir dir;
        QFile big(dir.filePath(QStringLiteral("big.json")));
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write(QByteArray(600 * 1024, ' '));
        big.close();
        const WorkloadParse large = loadWorkloadFile(big.fileName());
        QVERIFY2(large.error.contains(QStringLiteral("too large")), qPrintable(large.error));
    }

    void resolveByNameOrFile()
    {
        QCOMPARE(openWorkload(QStringLiteral("square-cube")).workload->name,
                 QStringLiteral("square-cube"));
        const WorkloadParse unknown = openWorkload(QStringLiteral("square-cubes"));
        QVERIFY(!unknown.workload);
        QVERIFY2(unknown.error.contains(QStringLiteral("unknown workload 'square-cubes'")) &&
                     unknown.error.contains(QStringLiteral("pool-squares")),
                 qPrintable(unknown.error));
        const WorkloadParse file =
            openWorkload(QStringLiteral(INTERLEAVE_TEST_DATA "/long-wait.json"));
        QVERIFY2(file.workload.has_value(), qPrintable(file.error));
        QCOMPARE(file.workload->name, QStringLiteral("long-wait"));
    }

    void optionsAreParsedAndCheckedInOnePlace()
    {
        const Workload w = test::builtin("shared-counter");
        QMap<QString, bool> settings;
        QCOMPARE(parseSetting(QStringLiteral("locked=true"), w, &settings), QString());
        QCOMPARE(settings.value(QStringLiteral("locked")), true);
        QCOMPARE(parseSetting(QStringLiteral("locked"), w, &settings), QString());
        QCOMPARE(parseSetting(QStringLiteral("locked=off"), w, &settings), QString());
        QCOMPARE(settings.value(QStringLiteral("locked")), false);
        QVERIFY(!parseSetting(QStringLiteral("locked=2"), w, &settings).isEmpty());
        int workers = 0;
        QCOMPARE(parseWorkers(QStringLiteral("256"), &workers), QString());
        QVERIFY(!parseWorkers(QStringLiteral("257"), &workers).isEmpty());
        RunOptions o;
        o.settings.insert(QStringLiteral("nope"), true);
        QVERIFY(checkOptions(o, w).contains(QStringLiteral("no option 'nope'")));
    }
};

QTEST_GUILESS_MAIN(TestWorkload)
#include "tst_workload.moc"
