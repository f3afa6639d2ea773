#include "testsupport.h"

#include "workload.h"

#include <QDir>
#include <QTemporaryDir>

using namespace interleave;

class TestWorkload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void catalogHasEverySeedWorkloadInOrder()
    {
        QStringList names;
        for (const Workload &w : builtinWorkloads()) {
            names << w.name;
            QVERIFY2(!w.lesson.isEmpty(), qPrintable(w.name));
            QVERIFY2(!w.title.isEmpty(), qPrintable(w.name));
        }
        QCOMPARE(names, QStringList({"sleep-twice", "square-cube", "named-tasks", "staggered",
                                     "pool-squares", "cpu-primes", "io-vs-cpu", "shared-counter",
                                     "shared-counter-locked", "process-memory",
                                     "process-memory-queue", "thread-local", "tiny-tasks"}));
    }

    void builtinsReproduceTheSeeds()
    {
        // Python's print("Square: ", 4) separates its arguments with a space: two in all.
        const Workload sc = test::builtin("square-cube");
        QCOMPARE(sc.tasks.size(), std::size_t(2));
        QCOMPARE(sc.tasks[0].steps[2].text, QStringLiteral("Square:  4"));
        QCOMPARE(sc.tasks[1].steps[8].text, QStringLiteral("Cube:  729"));
        QCOMPARE(sc.tasks[0].steps[1].waitNs, 200'000'000);
        QCOMPARE(test::builtin("pool-squares").calls().size(), std::size_t(9));
        QCOMPARE(test::builtin("tiny-tasks").calls().size(), std::size_t(2000));
        QCOMPARE(test::builtin("named-tasks").tasks[0].threadName, QStringLiteral("T1"));
        QCOMPARE(test::builtin("staggered").tasks[1].startDelayNs, 500'000'000);
    }

    void roundTripKeepsEveryField_data()
    {
        QTest::addColumn<QString>("name");
        for (const Workload &w : builtinWorkloads())
            QTest::newRow(qPrintable(w.name)) << w.name;
    }

    void roundTripKeepsEveryField()
    {
        QFETCH(QString, name);
        const Workload original = *findBuiltin(name);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.json"));
        QCOMPARE(saveWorkloadFile(original, path), QString());
        const WorkloadParse loaded = loadWorkloadFile(path);
        QVERIFY2(loaded.workload.has_value(), qPrintable(loaded.error));
        QVERIFY(*loaded.workload == original);
    }

    void badInputIsRefusedWithItsPlace_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected"); // part of the message

        const QByteArray task = R"({"function": "f", "steps": [{"wait_ms": 1}]})";
        const auto with = [&](const QByteArray &tasks) {
            return QByteArray(R"({"name": "x", "tasks": [)") + tasks + "]}";
        };
        QTest::newRow("syntax") << QByteArray("{\"name\": \"x\",\n  \"tasks\": [}")
                                << "line 2, column";
        QTest::newRow("not an object") << QByteArray("[1, 2]") << "top level must be an object";
        QTest::newRow("no name") << QByteArray(R"({"tasks": [)" + task + "]}") << "name: missing";
        QTest::newRow("bad name") << QByteArray(R"({"name": "a b", "tasks": [)" + task + "]}")
                                  << "name: must be";
        QTest::newRow("no tasks") << QByteArray(R"({"name": "x"})") << "tasks: missing";
        QTest::newRow("empty tasks") << with("") << "tasks: must hold at least one";
        QTest::newRow("unknown field")
            << QByteArray(R"({"name": "x", "taks": []})") << "taks: unknown field";
        QTest::newRow("task not object") << with("3") << "tasks[0]: must be an object";
        QTest::newRow("no function") << with(R"({"steps": []})") << "tasks[0].function: missing";
        QTest::newRow("no steps") << with(R"({"function": "f"})") << "tasks[0].steps: missing";
        QTest::newRow("steps not list")
            << with(R"({"function": "f", "steps": {}})") << "tasks[0].steps: must be a list";
        QTest::newRow("step two keys")
            << with(R"({"function": "f", "steps": [{"wait_ms": 1, "print": "a"}]})")
            << "tasks[0].steps[0]: a step has exactly one";
        QTest::newRow("unknown step") << with(R"({"function": "f", "steps": [{"sleep": 1}]})")
                                      << "tasks[0].steps[0].sleep: unknown field";
        QTest::newRow("negative wait") << with(R"({"function": "f", "steps": [{"wait_ms": -5}]})")
                                       << "tasks[0].steps[0].wait_ms: must be a number";
        QTest::newRow("wait as text")
            << with(R"({"function": "f", "steps": [{"print": "a"}, {"wait_ms": "1"}]})")
            << "tasks[0].steps[1].wait_ms: must be a number";
        QTest::newRow("print not text") << with(R"({"function": "f", "steps": [{"print": 4}]})")
                                        << "tasks[0].steps[0].print: must be a text";
        QTest::newRow("compute reversed")
            << with(
                   R"({"function": "f", "steps": [{"compute": {"primes_from": 9, "primes_to": 3}}]})")
            << "compute.primes_to: must not be below";
        QTest::newRow("compute huge")
            << with(R"({"function": "f", "steps": [{"compute": {"primes_to": 1e12}}]})")
            << "compute.primes_to: must be a number";
        QTest::newRow("compute fraction")
            << with(R"({"function": "f", "steps": [{"compute": {"primes_to": 10.5}}]})")
            << "compute.primes_to: must be a whole number";
        QTest::newRow("compute no end") << with(R"({"function": "f", "steps": [{"compute": {}}]})")
                                        << "compute.primes_to: missing";
        QTest::newRow("repeat zero")
            << with(R"({"function": "f", "repeat": 0, "steps": []})") << "tasks[0].repeat";
        QTest::newRow("too many calls")
            << with(
                   R"({"function": "f", "repeat": 60000, "steps": []}, {"function": "g", "repeat": 60000, "steps": []})")
            << "120000 calls";
        QTest::newRow("epilogue number")
            << QByteArray(R"({"name": "x", "tasks": [)" + task + R"(], "epilogue": [1]})")
            << "epilogue[0]: must be a text";
        QTest::newRow("unlock without lock")
            << with(R"({"function": "f", "steps": [{"unlock": "m"}]})")
            << "tasks[0].steps[0].unlock: 'm' is not the lock taken last";
        QTest::newRow("lock never released")
            << with(R"({"function": "f", "steps": [{"lock": "m"}, {"wait_ms": 1}]})")
            << "tasks[0].steps: lock 'm' is never unlocked";
        QTest::newRow("locks crossed")
            << with(
                   R"({"function": "f", "steps": [{"lock": "a"}, {"lock": "b"}, {"unlock": "a"}, {"unlock": "b"}]})")
            << "steps[2].unlock: 'a' is not the lock taken last";
        QTest::newRow("lock name") << with(R"({"function": "f", "steps": [{"lock": "my lock"}]})")
                                   << "steps[0].lock: must be a name";
        QTest::newRow("add without times")
            << with(R"({"function": "f", "steps": [{"add": {"global": "c"}}]})")
            << "add.times: missing";
        QTest::newRow("set both")
            << with(
                   R"({"function": "f", "steps": [{"set": {"global": "a", "local": "b", "value": 1}}]})")
            << "set: needs exactly one";
        QTest::newRow("ideal unknown mode")
            << QByteArray(R"({"name": "x", "tasks": [)" + task + R"(], "ideal_ms": {"fibers": 3}})")
            << "ideal_ms.fibers: unknown field";
    }

    void badInputIsRefusedWithItsPlace()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const WorkloadParse parsed = parseWorkload(json, QStringLiteral("bad.json"));
        QVERIFY(!parsed.workload);
        QVERIFY2(parsed.error.startsWith(QStringLiteral("bad.json: ")), qPrintable(parsed.error));
        QVERIFY2(parsed.error.contains(expected), qPrintable(parsed.error));
    }

    void missingFileNamesTheFile()
    {
        const WorkloadParse parsed = loadWorkloadFile(QStringLiteral("/nonexistent/w.json"));
        QVERIFY(!parsed.workload);
        QVERIFY2(parsed.error.startsWith(QStringLiteral("/nonexistent/w.json: cannot read")),
                 qPrintable(parsed.error));
    }

    void resolveByNameOrFile()
    {
        QCOMPARE(resolveWorkload(QStringLiteral("square-cube")).workload->name,
                 QStringLiteral("square-cube"));
        const WorkloadParse unknown = resolveWorkload(QStringLiteral("square-cubes"));
        QVERIFY(!unknown.workload);
        QVERIFY2(unknown.error.contains(QStringLiteral("unknown workload 'square-cubes'")) &&
                     unknown.error.contains(QStringLiteral("pool-squares")),
                 qPrintable(unknown.error));
        const WorkloadParse file =
            resolveWorkload(QStringLiteral(INTERLEAVE_TEST_DATA "/long-wait.json"));
        QVERIFY2(file.workload.has_value(), qPrintable(file.error));
        QCOMPARE(file.workload->name, QStringLiteral("long-wait"));
    }

    void failedSaveLeavesNothingBehind()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing-subdir/w.json"));
        const QString error = saveWorkloadFile(test::builtin("sleep-twice"), path);
        QVERIFY2(error.startsWith(path), qPrintable(error));
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
                 QStringList());
    }

    void placeholders_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("none") << "Square:  4"
                              << "Square:  4";
        QTest::newRow("one") << "Thread - Name:  {thread}"
                             << "Thread - Name:  T1";
        QTest::newRow("two") << "{thread}/{pid}"
                             << "T1/42";
        QTest::newRow("unknown kept") << "{nope} {pid}"
                                      << "{nope} 42";
        QTest::newRow("unclosed") << "a {pid"
                                  << "a {pid";
    }

    void placeholders()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(expandPlaceholders(text, {{QStringLiteral("thread"), QStringLiteral("T1")},
                                           {QStringLiteral("pid"), QStringLiteral("42")}}),
                 expected);
    }
};

QTEST_GUILESS_MAIN(TestWorkload)
#include "tst_workload.moc"
