// JSON-RPC parsing: what is a request, a notification or a response, and
// the error code for each kind of bad message.
#include "lsp/json_rpc.h"

#include <gtest/gtest.h>

namespace vigil::lsp {
namespace {

RpcError ErrorOf(std::string_view body) {
  auto parsed = ParseMessage(body);
  EXPECT_TRUE(std::holds_alternative<RpcError>(parsed)) << body;
  return std::holds_alternative<RpcError>(parsed) ? std::get<RpcError>(parsed) : RpcError{};
}

Message MessageOf(std::string_view body) {
  auto parsed = ParseMessage(body);
  EXPECT_TRUE(std::holds_alternative<Message>(parsed)) << body;
  return std::holds_alternative<Message>(parsed) ? std::get<Message>(parsed) : Message{};
}

TEST(LspJsonRpcTest, RequestsNotificationsAndResponsesAreTold) {
  Message request = MessageOf(R"({"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"a":1}})");
  EXPECT_EQ(request.kind, Message::Kind::kRequest);
  EXPECT_EQ(request.id, 7);
  EXPECT_EQ(request.method, "textDocument/hover");
  EXPECT_EQ(request.params["a"], 1);

  Message string_id = MessageOf(R"({"jsonrpc":"2.0","id":"abc","method":"shutdown"})");
  EXPECT_EQ(string_id.kind, Message::Kind::kRequest);
  EXPECT_EQ(string_id.id, "abc");
  EXPECT_TRUE(string_id.params.is_null());

  Message notification = MessageOf(R"({"jsonrpc":"2.0","method":"exit"})");
  EXPECT_EQ(notification.kind, Message::Kind::kNotification);

  Message response = MessageOf(R"({"jsonrpc":"2.0","id":"vigil-1","result":null})");
  EXPECT_EQ(response.kind, Message::Kind::kResponse);
}

TEST(LspJsonRpcTest, BytesThatAreNotJsonAreAParseErrorWithANullId) {
  for (std::string_view body : {"{", "", "not json", "{\"jsonrpc\":\"2.0\",}", "\xff\xfe{}"}) {
    RpcError error = ErrorOf(body);
    EXPECT_EQ(error.code, ErrorCode::kParseError) << body;
    EXPECT_TRUE(error.id.is_null());
  }
}

TEST(LspJsonRpcTest, InvalidUtf8InAStringIsAParseError) {
  std::string body = "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"text\":\"\xc3\x28\"}}";
  EXPECT_EQ(ErrorOf(body).code, ErrorCode::kParseError);
}

TEST(LspJsonRpcTest, JsonThatIsNotAMessageIsAnInvalidRequest) {
  EXPECT_EQ(ErrorOf("[]").code, ErrorCode::kInvalidRequest);  // a batch
  EXPECT_EQ(ErrorOf("42").code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(ErrorOf(R"({"id":1,"method":"x"})").code, ErrorCode::kInvalidRequest);  // no jsonrpc
  EXPECT_EQ(ErrorOf(R"({"jsonrpc":"1.0","id":1,"method":"x"})").code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(ErrorOf(R"({"jsonrpc":"2.0","id":{},"method":"x"})").code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(ErrorOf(R"({"jsonrpc":"2.0","id":1,"method":5})").code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(ErrorOf(R"({"jsonrpc":"2.0","id":1,"method":"x","params":"s"})").code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(ErrorOf(R"({"jsonrpc":"2.0"})").code, ErrorCode::kInvalidRequest);
  // The id is kept when it could be read, so the client can match the answer.
  EXPECT_EQ(ErrorOf(R"({"jsonrpc":"2.0","id":3,"method":5})").id, 3);
}

TEST(LspJsonRpcTest, DeepNestingIsRefusedBeforeParsing) {
  std::string deep(100000, '[');
  EXPECT_EQ(ErrorOf(deep).code, ErrorCode::kParseError);
  std::string within = std::string(kMaxJsonDepth - 1, '[') + std::string(kMaxJsonDepth - 1, ']');
  std::string body = R"({"jsonrpc":"2.0","method":"x","params":)" + within + "}";
  EXPECT_EQ(MessageOf(body).kind, Message::Kind::kNotification);
  // Brackets inside strings do not count.
  std::string quoted = R"({"jsonrpc":"2.0","method":"x","params":{"t":")" + std::string(5000, '[') + R"("}})";
  EXPECT_EQ(MessageOf(quoted).kind, Message::Kind::kNotification);
}

TEST(LspJsonRpcTest, ParseErrorsNeverQuoteTheBody) {
  std::string body = R"({"jsonrpc":"2.0","method":"x","params":{"text":"ghp_QQQQ1234abcd)";  // cut short
  RpcError error = ErrorOf(body);
  EXPECT_EQ(error.message.find("ghp_"), std::string::npos) << error.message;
}

TEST(LspJsonRpcTest, BodiesSerializeInvalidUtf8AsReplacementCharacters) {
  std::string body = NotificationBody("window/logMessage", Json{{"message", std::string("bad \xff byte")}});
  EXPECT_NE(body.find("bad \xef\xbf\xbd byte"), std::string::npos) << body;
  Json error = Json::parse(ErrorBody(nullptr, ErrorCode::kMethodNotFound, "nope"));
  EXPECT_EQ(error["error"]["code"], -32601);
  EXPECT_TRUE(error["id"].is_null());
  Json response = Json::parse(ResponseBody(4, Json::array()));
  EXPECT_EQ(response["jsonrpc"], "2.0");
  EXPECT_EQ(response["id"], 4);
}

}  // namespace
}  // namespace vigil::lsp
