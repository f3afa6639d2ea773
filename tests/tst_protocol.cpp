#include "protocol.h"

#include <QTest>

using namespace interleave::wire;

Q_DECLARE_METATYPE(std::string)

namespace {

std::string header(std::uint32_t length, std::uint8_t type)
{
    std::string h;
    for (int i = 0; i < 4; ++i)
        h.push_back(static_cast<char>((length >> (8 * i)) & 0xff));
    h.push_back(static_cast<char>(type));
    return h;
}

} // namespace

class TestProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void taskRoundTrip()
    {
        TaskMessage t;
        t.task = 7;
        t.result = "{primes}";
        const auto step = [&t](WireStep::Kind kind) -> WireStep & {
            t.steps.emplace_back().kind = kind;
            return t.steps.back();
        };
        step(WireStep::Kind::Print).text = "Square:  4";
        step(WireStep::Kind::Wait).waitNs = 200'000'000;
        WireStep &compute = step(WireStep::Kind::Compute);
        compute.primesFrom = 10;
        compute.primesTo = 20;
        WireStep &add = step(WireStep::Kind::Add);
        add.text = "counter";
        add.lock = "counter_lock";
        add.times = 1000;
        WireStep &set = step(WireStep::Kind::Set);
        set.text = "x";
        set.value = -7;
        set.local = true;
        step(WireStep::Kind::Lock).text = "m";
        const auto back = decodeTask(encodeTask(t));
        QVERIFY(back.has_value());
        QCOMPARE(back->task, 7u);
        QCOMPARE(back->result, std::string("{primes}"));
        QCOMPARE(back->steps.size(), std::size_t(6));
        QCOMPARE(back->steps[0].text, std::string("Square:  4"));
        QCOMPARE(back->steps[1].waitNs, 200'000'000);
        QCOMPARE(back->steps[2].primesTo, 20u);
        QCOMPARE(back->steps[3].lock, std::string("counter_lock"));
        QCOMPARE(back->steps[3].times, 1000);
        QCOMPARE(back->steps[4].value, -7);
        QVERIFY(back->steps[4].local);
        QCOMPARE(back->steps[5].kind, WireStep::Kind::Lock);
    }

    void framesSurviveAnySplit()
    {
        // Pipes deliver bytes in arbitrary pieces: one byte at a time must give the same frames.
        const std::string stream =
            encodeFrame(FrameType::Ready, encodeReady({12, 13, 99, true})) +
            encodeFrame(FrameType::Print, encodeTaskText({1, 5, "Cube:  8"})) +
            encodeFrame(FrameType::Quit, {});
        FrameReader reader;
        std::vector<Frame> frames;
        for (char c : stream) {
            reader.feed(&c, 1);
            Frame f;
            while (reader.next(f) == FrameReader::Status::Frame)
                frames.push_back(f);
        }
        QCOMPARE(frames.size(), std::size_t(3));
        QCOMPARE(frames[0].type, FrameType::Ready);
        QCOMPARE(decodeReady(frames[0].payload)->pid, 12);
        QCOMPARE(decodeTaskText(frames[1].payload)->text, std::string("Cube:  8"));
        QCOMPARE(frames[2].type, FrameType::Quit);
        QCOMPARE(reader.pending(), std::size_t(0));
    }

    void badFramesAreRefused_data()
    {
        QTest::addColumn<std::string>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("oversized length") << header(0xffffffffu, 10) << "over the";
        QTest::newRow("just over the limit") << header(kMaxPayload + 1, 14) << "over the";
        QTest::newRow("unknown type") << header(0, 99) << "unknown frame type 99";
        QTest::newRow("type zero") << header(0, 0) << "unknown frame type 0";
        QTest::newRow("bad frame after a good one")
            << encodeFrame(FrameType::Quit, {}) + header(3, 200) << "unknown frame type 200";
    }

    void badFramesAreRefused()
    {
        QFETCH(std::string, bytes);
        QFETCH(QString, expected);
        FrameReader reader;
        reader.feed(bytes.data(), bytes.size());
        Frame f;
        FrameReader::Status status;
        while ((status = reader.next(f)) == FrameReader::Status::Frame) {
        }
        QCOMPARE(status, FrameReader::Status::Error);
        QVERIFY2(QString::fromStdString(reader.error()).contains(expected), reader.error().c_str());
        // Once broken, it stays broken.
        QCOMPARE(reader.next(f), FrameReader::Status::Error);
    }

    void truncatedFrameIsPending()
    {
        FrameReader reader;
        const std::string partial = header(25, 10) + "ab";
        reader.feed(partial.data(), partial.size());
        Frame f;
        QCOMPARE(reader.next(f), FrameReader::Status::NeedMore);
        QCOMPARE(reader.pending(), partial.size()); // at end of stream: truncated
        FrameReader headerOnly;
        headerOnly.feed("\x05\x00", 2);
        QCOMPARE(headerOnly.next(f), FrameReader::Status::NeedMore);
        QCOMPARE(headerOnly.pending(), std::size_t(2));
    }

    void malformedPayloadsAreRefused()
    {
        const std::string ready = encodeReady({1, 2, 3, false});
        QVERIFY(decodeReady(ready).has_value());
        QVERIFY(!decodeReady(ready.substr(0, ready.size() - 1))); // short
        QVERIFY(!decodeReady(ready + "x"));                       // trailing bytes
        QVERIFY(
            !decodeReady(std::string(ready).replace(ready.size() - 1, 1, "\x07"))); // flag not 0/1

        QVERIFY(!decodeSpanEdge("abc"));
        QVERIFY(!decodeTaskTime(std::string(11, '\0')));
        // A string whose length runs past the payload.
        QVERIFY(!decodeTaskText(Encoder().u32(1).u64(2).u32(1000).bytes() + "short"));

        // A task claiming four billion steps in a few bytes is refused before any allocation.
        QVERIFY(!decodeTask(Encoder().u32(1).str("").u32(0xffffffffu).u8(2).str("x").bytes()));
        // An unknown step kind, a negative wait, a truncated step.
        QVERIFY(!decodeTask(Encoder().u32(1).str("").u32(1).u8(9).bytes()));
        QVERIFY(!decodeTask(Encoder().u32(1).str("").u32(1).u8(1).i64(-5).bytes()));
        QVERIFY(!decodeTask(Encoder().u32(1).str("").u32(1).u8(0).u32(3).bytes()));
    }

    void placeholders()
    {
        const auto lookup = [](std::string_view n) -> std::optional<std::string> {
            if (n == "pid")
                return std::string("42");
            return std::nullopt;
        };
        QCOMPARE(fillPlaceholders("Process Id:  {pid}", lookup), std::string("Process Id:  42"));
        QCOMPARE(fillPlaceholders("{x} {pid", lookup), std::string("{x} {pid"));
    }
};

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
