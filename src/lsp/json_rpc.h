// JSON-RPC 2.0 messages, as LSP uses them: requests (with an id), notifications
// (without) and responses to the server's own requests.
//
// ParseMessage takes one message body as bytes and never throws: bytes that
// are not JSON, JSON nested too deeply, or JSON that is not a JSON-RPC message
// come back as an RpcError to answer with (id null when no id could be read).
// Error texts never quote the body, which may hold a secret.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

namespace vigil::lsp {

using Json = nlohmann::json;

// JSON-RPC and LSP error codes.
enum class ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kServerNotInitialized = -32002,
  kRequestFailed = -32803,
};

struct Message {
  enum class Kind { kRequest, kNotification, kResponse };
  Kind kind = Kind::kNotification;
  Json id;              // number or string; null for notifications
  std::string method;   // requests and notifications
  Json params;          // object, array or null
  Json result;          // responses
  Json error;           // responses that failed
};

struct RpcError {
  ErrorCode code = ErrorCode::kInternalError;
  std::string message;
  Json id;  // the request's id when it could be read, else null
};

// Nesting deeper than this is refused before it reaches the JSON parser.
constexpr int kMaxJsonDepth = 256;

std::variant<Message, RpcError> ParseMessage(std::string_view body);

// Serialized messages, ready for framing. Strings that are not valid UTF-8
// are written with U+FFFD in their place, never refused.
std::string ResponseBody(const Json& id, const Json& result);
std::string ErrorBody(const Json& id, ErrorCode code, std::string_view message);
std::string NotificationBody(std::string_view method, const Json& params);
std::string RequestBody(const Json& id, std::string_view method, const Json& params);

std::string Serialize(const Json& value);

}  // namespace vigil::lsp
