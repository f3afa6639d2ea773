#include "terminaltext.h"

#include <QTest>

using namespace interleave;
using interleave::ui::TerminalText;

namespace {

// Two threads' writes as CPython's unbuffered print makes them, torn the seed's way.
Trace tornTrace()
{
    Trace t;
    t.tracks = {{TrackId(0), Pid(1), Tid(1), QStringLiteral("Thread-1 (calc_square)")},
                {TrackId(1), Pid(1), Tid(2), QStringLiteral("Thread-2 (calc_cube)")}};
    const auto write = [&](std::uint32_t track, std::int64_t ns, const char *bytes) {
        t.events.push_back(
            {TrackId(track), TaskId(track), EventKind::Write, ns, QString::fromLatin1(bytes)});
    };
    write(0, 10, "Square: ");
    write(1, 11, "Cube: ");
    write(1, 12, " ");
    write(1, 13, "8");
    write(1, 14, "\n");
    write(0, 15, " ");
    write(0, 16, "4");
    write(0, 17, "\n");
    write(0, 30, "Square:  9\n"); // a whole line
    return t;
}

} // namespace

class TestTerminalText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheBytesAsTheyCame()
    {
        TerminalText text;
        QCOMPARE(text.append(tornTrace()), std::size_t(0));
        QCOMPARE(text.text(), QStringLiteral("Square: Cube:  8\n 4\nSquare:  9\n"));
        QCOMPARE(text.fragments().size(), std::size_t(9));
        QCOMPARE(text.fragmentAt(0)->writer, QStringLiteral("Thread-1 (calc_square)"));
        QCOMPARE(text.fragmentAt(8)->writer, QStringLiteral("Thread-2 (calc_cube)"));
        QCOMPARE(text.fragmentAt(8)->ns, 11);
        QVERIFY(text.fragmentAt(1000) == nullptr);
    }

    void marksAndExplainsTornLines()
    {
        TerminalText text;
        text.append(tornTrace());
        // The first line mixes both writers; " 4" and "Square:  9" are one writer's each.
        const auto torn = text.tornLines();
        QCOMPARE(torn.size(), std::size_t(1));
        QCOMPARE(torn[0], std::make_pair(qsizetype(0), qsizetype(17)));
        QVERIFY(text.isTorn(3));
        QVERIFY(!text.isTorn(18));
        QCOMPARE(text.explainTear(3, QStringLiteral("unbuffered")),
                 QStringLiteral("A torn line: Thread-1 (calc_square) wrote `Square: `, then "
                                "Thread-2 (calc_cube) wrote `Cube: `, ` `, `8`, `\\n`. A print "
                                "is several writes (each argument, each separator and the end), "
                                "and stdout was unbuffered, so another thread's writes got in "
                                "between."));
        QCOMPARE(text.explainTear(20, QStringLiteral("unbuffered")), QString());
        // From a later line on, only later lines are looked at.
        QCOMPARE(text.tornLines(18).size(), std::size_t(0));
        QCOMPARE(text.tornLines(5), torn);
    }

    void writesFollowThePipe()
    {
        // Two processes stamped these the other way round from how the pipe delivered them.
        Trace t;
        t.tracks = {{TrackId(0), Pid(1), Tid(1), QStringLiteral("Process-1")},
                    {TrackId(1), Pid(2), Tid(2), QStringLiteral("Process-2")}};
        t.events.push_back({TrackId(1), TaskId(1), EventKind::Write, 10, QStringLiteral("Cube: ")});
        t.events.push_back(
            {TrackId(0), TaskId(0), EventKind::Write, 11, QStringLiteral("Square: ")});
        t.events.push_back({TrackId(0), TaskId(0), EventKind::Write, 12, QStringLiteral("4\n")});
        t.events.push_back({TrackId(1), TaskId(1), EventKind::Write, 13, QStringLiteral("8\n")});
        const auto ordered = t.writesAsStreamed(QByteArrayLiteral("Square: Cube: 4\n8\n"));
        QStringList texts;
        for (const Event *e : ordered)
            texts << e->text;
        QCOMPARE(texts, QStringList({"Square: ", "Cube: ", "4\n", "8\n"}));
        TerminalText text;
        text.appendWrites(t, ordered);
        QCOMPARE(text.text(), QStringLiteral("Square: Cube: 4\n8\n"));
        QCOMPARE(text.fragmentAt(9)->writer, QStringLiteral("Process-2"));
        // Bytes that match nothing: the stamps decide.
        QCOMPARE(t.writesAsStreamed(QByteArrayLiteral("xyz")).front()->text,
                 QStringLiteral("Cube: "));
    }

    void oneCharacterPerCharacter()
    {
        // A text document makes "\r\n" one line break: the text must too, or positions drift.
        Trace t = tornTrace();
        t.events.push_back(
            {TrackId(1), TaskId(1), EventKind::Write, 40, QStringLiteral("a\r\nb\rc")});
        TerminalText text;
        text.append(t);
        QVERIFY(text.text().endsWith(QStringLiteral("a\nb\nc")));
        QCOMPARE(text.fragments().back().length, 5);
    }
};

QTEST_GUILESS_MAIN(TestTerminalText)
#include "tst_terminaltext.moc"
