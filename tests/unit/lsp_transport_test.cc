// Framing: Content-Length messages fed in any chunks, and every way a stream
// can be broken ends in one error and a decoder that finds the next message.
#include "lsp/transport.h"

#include <gtest/gtest.h>

#include <variant>
#include <vector>

namespace vigil::lsp {
namespace {

// Everything the decoder gives back for `input`, fed in chunks of `chunk` bytes.
std::vector<FrameEvent> Decode(std::string_view input, size_t chunk, uint64_t max_body = 1 << 20) {
  FrameDecoder decoder(max_body);
  std::vector<FrameEvent> events;
  for (size_t at = 0; at < input.size(); at += chunk) {
    decoder.Feed(input.substr(at, chunk));
    while (std::optional<FrameEvent> event = decoder.Next()) events.push_back(std::move(*event));
  }
  return events;
}

std::vector<std::string> Bodies(const std::vector<FrameEvent>& events) {
  std::vector<std::string> bodies;
  for (const FrameEvent& event : events) {
    if (const std::string* body = std::get_if<std::string>(&event)) bodies.push_back(*body);
  }
  return bodies;
}

size_t Errors(const std::vector<FrameEvent>& events) {
  size_t count = 0;
  for (const FrameEvent& event : events) count += std::holds_alternative<FrameError>(event) ? 1 : 0;
  return count;
}

TEST(LspTransportTest, EncodeFrameWritesContentLengthThenTheBody) {
  EXPECT_EQ(EncodeFrame("{}"), "Content-Length: 2\r\n\r\n{}");
  EXPECT_EQ(EncodeFrame(""), "Content-Length: 0\r\n\r\n");
}

TEST(LspTransportTest, MessagesComeOutWholeWhateverTheChunkSize) {
  std::string stream = EncodeFrame(R"({"a":1})") + EncodeFrame(R"({"b":"é😀"})") + EncodeFrame("{}");
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{7}, size_t{64}, stream.size()}) {
    std::vector<FrameEvent> events = Decode(stream, chunk);
    EXPECT_EQ(Errors(events), 0u) << chunk;
    EXPECT_EQ(Bodies(events), (std::vector<std::string>{R"({"a":1})", R"({"b":"é😀"})", "{}"})) << chunk;
  }
}

TEST(LspTransportTest, HeaderNamesIgnoreCaseAndOtherHeadersAreSkipped) {
  std::string stream = "content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}";
  std::vector<FrameEvent> events = Decode(stream, 3);
  EXPECT_EQ(Bodies(events), std::vector<std::string>{"{}"});
  EXPECT_EQ(Errors(events), 0u);
}

TEST(LspTransportTest, AHeaderWithoutContentLengthIsOneErrorAndTheNextMessageIsRead) {
  std::string stream = "Content-Type: x\r\n\r\n{}" + EncodeFrame("[1]");
  std::vector<FrameEvent> events = Decode(stream, 5);
  EXPECT_EQ(Errors(events), 1u);
  EXPECT_EQ(Bodies(events), std::vector<std::string>{"[1]"});
}

TEST(LspTransportTest, AnUnreadableLengthIsOneError) {
  for (std::string bad : {"Content-Length: abc", "Content-Length: -5", "Content-Length: 99999999999999999999999",
                          "Content-Length:", "garbage line"}) {
    std::vector<FrameEvent> events = Decode(bad + "\r\n\r\n" + EncodeFrame("{}"), 4);
    EXPECT_EQ(Errors(events), 1u) << bad;
    EXPECT_EQ(Bodies(events), std::vector<std::string>{"{}"}) << bad;
  }
}

TEST(LspTransportTest, AnOversizedBodyIsSkippedAsItStreamsWithoutBeingBuffered) {
  const uint64_t limit = 1000;
  FrameDecoder decoder(limit);
  decoder.Feed("Content-Length: 1000000\r\n\r\n");
  std::optional<FrameEvent> first = decoder.Next();
  ASSERT_TRUE(first);
  ASSERT_TRUE(std::holds_alternative<FrameError>(*first));
  EXPECT_NE(std::get<FrameError>(*first).message.find("over the limit"), std::string::npos);
  std::string chunk(4096, 'x');
  for (size_t sent = 0; sent < 1000000; sent += chunk.size()) {
    decoder.Feed(std::string_view(chunk).substr(0, std::min<size_t>(chunk.size(), 1000000 - sent)));
    EXPECT_FALSE(decoder.Next());
    EXPECT_LE(decoder.buffered(), limit);
  }
  decoder.Feed(EncodeFrame("{}"));
  std::optional<FrameEvent> next = decoder.Next();
  ASSERT_TRUE(next);
  EXPECT_EQ(std::get<std::string>(*next), "{}");
}

TEST(LspTransportTest, BytesThatNeverEndAHeaderAreDroppedAndTheStreamRecovers) {
  std::string junk(3 * FrameDecoder::kMaxHeaderBytes, 'j');
  std::vector<FrameEvent> events = Decode(junk + EncodeFrame("{}"), 1000);
  EXPECT_EQ(Errors(events), 1u);
  EXPECT_EQ(Bodies(events), std::vector<std::string>{"{}"});
  // Junk right before a good header costs one error, not the message.
  events = Decode("\n\n" + EncodeFrame("[2]") + "xyz" + EncodeFrame("[3]"), 2);
  EXPECT_EQ(Errors(events), 2u);
  EXPECT_EQ(Bodies(events), (std::vector<std::string>{"[2]", "[3]"}));
}

TEST(LspTransportTest, AMessageCutShortWaitsForMoreBytes) {
  FrameDecoder decoder;
  decoder.Feed("Content-Length: 8\r\n\r\n{\"a\":");
  EXPECT_FALSE(decoder.Next());
  decoder.Feed("12}");
  std::optional<FrameEvent> event = decoder.Next();
  ASSERT_TRUE(event);
  EXPECT_EQ(std::get<std::string>(*event), "{\"a\":12}");
}

TEST(LspTransportTest, ErrorsNeverQuoteTheInput) {
  std::string stream = "Content-Length: ghp_notreallyatoken\r\n\r\n";
  for (const FrameEvent& event : Decode(stream, 3)) {
    ASSERT_TRUE(std::holds_alternative<FrameError>(event));
    EXPECT_EQ(std::get<FrameError>(event).message.find("ghp_"), std::string::npos);
  }
}

}  // namespace
}  // namespace vigil::lsp
