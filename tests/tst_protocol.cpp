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
    void programAndCallsRoundTrip()
    {
        using interleave::lang::Value;
        ProgramMessage p;
        p.origin = "w.json";
        p.source = "{\"name\": \"w\"}";
        p.globals = {Value(),
                     Value::integer(-7),
                     Value::str("é"),
                     Value::list({Value::floating(0.2), Value::boolean(true), Value::none()}),
                     Value::range({1, 10, 3}),
                     Value::object(interleave::lang::ObjectKind::Lock, 2)};
        const auto back = decodeProgram(encodeProgram(p));
        QVERIFY(back.has_value());
        QCOMPARE(back->origin, p.origin);
        QCOMPARE(back->source, p.source);
        QCOMPARE(back->globals.size(), p.globals.size());
        QCOMPARE(back->globals[0].kind(), Value::Kind::Unbound);
        for (std::size_t i = 1; i < p.globals.size(); ++i)
            QCOMPARE(back->globals[i].repr(), p.globals[i].repr());

        const auto call = decodeCall(encodeCall({7, 1, {Value::list({Value::integer(2)})}}));
        QVERIFY(call.has_value());
        QCOMPARE(call->task, 7u);
        QCOMPARE(call->function, 1u);
        QCOMPARE(call->args.at(0).repr(), std::string("[2]"));

        const auto put = decodeTaskValue(encodeTaskValue({3, 1, Value::integer(81)}, true), true);
        QVERIFY(put.has_value());
        QCOMPARE(put->queue, 1u);
        QCOMPARE(put->value.asInt(), 81);
    }

    void framesSurviveAnySplit()
    {
        // Pipes deliver bytes in arbitrary pieces: one byte at a time must give the same frames.
        const std::string stream =
            encodeFrame(FrameType::Ready, encodeReady({12, 13, 99, true})) +
            encodeFrame(FrameType::Write, encodeTaskText({1, 5, "Cube:  8"})) +
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
        // The same with a varint length: the decoder fails, so that what follows is not read
        // as if the string were empty (a stored run cut short would decode as a shorter one).
        const std::string cut = Encoder().vstr("twelve bytes").bytes().substr(0, 2);
        Decoder shortText(cut);
        QCOMPARE(shortText.vstr(), std::string());
        QVERIFY(!shortText.ok());
        QCOMPARE(shortText.u8(), std::uint8_t(0));
        QVERIFY(!shortText.finished());

        // A call claiming four billion arguments in a few bytes is refused before allocating.
        QVERIFY(!decodeCall(Encoder().u32(1).u32(0).u32(0xffffffffu).u8(2).bytes()));
        // An unknown value kind, a bool that is neither 0 nor 1, a truncated value.
        QVERIFY(!decodeCall(Encoder().u32(1).u32(0).u32(1).u8(99).bytes()));
        QVERIFY(!decodeCall(Encoder().u32(1).u32(0).u32(1).u8(2).u8(7).bytes()));
        QVERIFY(!decodeCall(Encoder().u32(1).u32(0).u32(1).u8(3).u32(3).bytes()));
        // A range with step 0 and lists nested past the limit are refused, not built.
        QVERIFY(!decodeCall(Encoder().u32(1).u32(0).u32(1).u8(7).i64(0).i64(1).i64(0).bytes()));
        Encoder deep;
        deep.u32(1).u32(0).u32(1);
        for (int i = 0; i < 40; ++i)
            deep.u8(6).u32(1);
        deep.u8(1);
        QVERIFY(!decodeCall(deep.bytes()));
    }
};

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
