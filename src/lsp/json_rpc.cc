#include "lsp/json_rpc.h"

namespace vigil::lsp {
namespace {

// Deepest nesting of arrays and objects, outside strings, stopping early once
// past `limit`. The parser would accept any depth, and freeing a deep value
// recurses.
int NestingDepth(std::string_view text, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

bool IsValidId(const Json& id) { return id.is_number_integer() || id.is_string(); }

}  // namespace

std::variant<Message, RpcError> ParseMessage(std::string_view body) {
  if (NestingDepth(body, kMaxJsonDepth) > kMaxJsonDepth) {
    return RpcError{ErrorCode::kParseError, "JSON nested deeper than " + std::to_string(kMaxJsonDepth), nullptr};
  }
  Json json;
  try {
    json = Json::parse(body.begin(), body.end());
  } catch (const Json::parse_error& error) {
    // error.what() quotes the input near the error: only its position is kept.
    return RpcError{ErrorCode::kParseError, "not valid JSON (at byte " + std::to_string(error.byte) + ")", nullptr};
  }
  if (json.is_array()) return RpcError{ErrorCode::kInvalidRequest, "JSON-RPC batches are not supported", nullptr};
  if (!json.is_object()) return RpcError{ErrorCode::kInvalidRequest, "a message must be a JSON object", nullptr};

  Message message;
  auto id = json.find("id");
  bool has_id = id != json.end() && !id->is_null();
  if (has_id && !IsValidId(*id)) {
    return RpcError{ErrorCode::kInvalidRequest, "\"id\" must be an integer or a string", nullptr};
  }
  Json reply_id = has_id ? *id : Json(nullptr);
  auto version = json.find("jsonrpc");
  if (version == json.end() || *version != "2.0") {
    return RpcError{ErrorCode::kInvalidRequest, "\"jsonrpc\" must be \"2.0\"", reply_id};
  }
  auto method = json.find("method");
  if (method == json.end()) {
    // A response to one of the server's requests.
    if (!has_id) return RpcError{ErrorCode::kInvalidRequest, "a message needs a method or an id", nullptr};
    message.kind = Message::Kind::kResponse;
    message.id = *id;
    if (auto result = json.find("result"); result != json.end()) message.result = *result;
    if (auto error = json.find("error"); error != json.end()) message.error = *error;
    return message;
  }
  if (!method->is_string()) return RpcError{ErrorCode::kInvalidRequest, "\"method\" must be a string", reply_id};
  message.method = method->get<std::string>();
  message.kind = has_id ? Message::Kind::kRequest : Message::Kind::kNotification;
  message.id = reply_id;
  if (auto params = json.find("params"); params != json.end()) {
    if (!params->is_object() && !params->is_array() && !params->is_null()) {
      return RpcError{ErrorCode::kInvalidRequest, "\"params\" must be an object or an array", reply_id};
    }
    message.params = std::move(*params);
  }
  return message;
}

std::string Serialize(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string ResponseBody(const Json& id, const Json& result) {
  return Serialize(Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
}

std::string ErrorBody(const Json& id, ErrorCode code, std::string_view message) {
  return Serialize(Json{{"jsonrpc", "2.0"},
                        {"id", id},
                        {"error", {{"code", static_cast<int>(code)}, {"message", std::string(message)}}}});
}

std::string NotificationBody(std::string_view method, const Json& params) {
  return Serialize(Json{{"jsonrpc", "2.0"}, {"method", std::string(method)}, {"params", params}});
}

std::string RequestBody(const Json& id, std::string_view method, const Json& params) {
  return Serialize(Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", std::string(method)}, {"params", params}});
}

}  // namespace vigil::lsp
