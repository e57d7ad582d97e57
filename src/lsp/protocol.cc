#include "lsp/protocol.h"

#include <algorithm>
#include <cctype>
#include <limits>

namespace vigil::lsp {
namespace {

uint32_t Unsigned(const Json& object, std::string_view name) {
  const Json& value = Field(object, name);
  if (!value.is_number_integer() || value.get<int64_t>() < 0 ||
      value.get<int64_t>() > std::numeric_limits<uint32_t>::max()) {
    throw ParamsError("\"" + std::string(name) + "\" must be a non-negative integer");
  }
  return static_cast<uint32_t>(value.get<int64_t>());
}

bool Flag(const Json& json, std::initializer_list<std::string_view> path) {
  const Json* at = &json;
  for (std::string_view key : path) {
    if (!at->is_object()) return false;
    auto found = at->find(key);
    if (found == at->end()) return false;
    at = &*found;
  }
  return at->is_boolean() && at->get<bool>();
}

const Json* Find(const Json& json, std::initializer_list<std::string_view> path) {
  const Json* at = &json;
  for (std::string_view key : path) {
    if (!at->is_object()) return nullptr;
    auto found = at->find(key);
    if (found == at->end()) return nullptr;
    at = &*found;
  }
  return at;
}

bool ListHas(const Json* list, std::string_view value) {
  if (list == nullptr || !list->is_array()) return false;
  return std::any_of(list->begin(), list->end(), [&](const Json& item) { return item.is_string() && item == value; });
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

const Json& Field(const Json& object, std::string_view name) {
  if (!object.is_object()) throw ParamsError("expected an object holding \"" + std::string(name) + "\"");
  auto found = object.find(name);
  if (found == object.end()) throw ParamsError("\"" + std::string(name) + "\" is missing");
  return *found;
}

std::string StringField(const Json& object, std::string_view name) {
  const Json& value = Field(object, name);
  if (!value.is_string()) throw ParamsError("\"" + std::string(name) + "\" must be a string");
  return value.get<std::string>();
}

int64_t IntegerField(const Json& object, std::string_view name) {
  const Json& value = Field(object, name);
  if (!value.is_number_integer()) throw ParamsError("\"" + std::string(name) + "\" must be an integer");
  return value.get<int64_t>();
}

Json ToJson(Position position) { return Json{{"line", position.line}, {"character", position.character}}; }

Json ToJson(const Range& range) { return Json{{"start", ToJson(range.start)}, {"end", ToJson(range.end)}}; }

Position PositionFromJson(const Json& json) { return Position{Unsigned(json, "line"), Unsigned(json, "character")}; }

Range RangeFromJson(const Json& json) {
  return Range{PositionFromJson(Field(json, "start")), PositionFromJson(Field(json, "end"))};
}

Json ToJson(const Diagnostic& diagnostic) {
  Json json{{"range", ToJson(diagnostic.range)},
            {"severity", static_cast<int>(diagnostic.severity)},
            {"code", diagnostic.code},
            {"source", "vigil"},
            {"message", diagnostic.message}};
  if (!diagnostic.code_href.empty()) json["codeDescription"] = Json{{"href", diagnostic.code_href}};
  if (!diagnostic.fingerprint.empty()) json["data"] = Json{{"fingerprint", diagnostic.fingerprint}};
  return json;
}

Json ToJson(const TextEdit& edit) { return Json{{"range", ToJson(edit.range)}, {"newText", edit.new_text}}; }

ClientCapabilities ClientCapabilitiesFromJson(const Json& capabilities) {
  ClientCapabilities client;
  if (const Json* encodings = Find(capabilities, {"general", "positionEncodings"}); encodings && encodings->is_array()) {
    for (const Json& name : *encodings) {
      if (!name.is_string()) continue;
      if (auto encoding = ParseEncoding(name.get<std::string>())) client.position_encodings.push_back(*encoding);
    }
  }
  client.watched_files_registration = Flag(capabilities, {"workspace", "didChangeWatchedFiles", "dynamicRegistration"});
  client.document_changes = Flag(capabilities, {"workspace", "workspaceEdit", "documentChanges"});
  client.create_files = ListHas(Find(capabilities, {"workspace", "workspaceEdit", "resourceOperations"}), "create");
  client.hover_markdown = ListHas(Find(capabilities, {"textDocument", "hover", "contentFormat"}), "markdown");
  client.code_action_literals = Find(capabilities, {"textDocument", "codeAction", "codeActionLiteralSupport"}) != nullptr;
  return client;
}

PositionEncoding ChoosePositionEncoding(const ClientCapabilities& client) {
  if (std::find(client.position_encodings.begin(), client.position_encodings.end(), PositionEncoding::kUtf8) !=
      client.position_encodings.end()) {
    return PositionEncoding::kUtf8;
  }
  return PositionEncoding::kUtf16;
}

std::vector<TextChange> ContentChangesFromJson(const Json& changes) {
  if (!changes.is_array()) throw ParamsError("\"contentChanges\" must be an array");
  std::vector<TextChange> out;
  out.reserve(changes.size());
  for (const Json& change : changes) {
    TextChange parsed;
    parsed.text = StringField(change, "text");
    if (auto range = change.find("range"); range != change.end() && !range->is_null()) {
      parsed.range = RangeFromJson(*range);
    }
    out.push_back(std::move(parsed));
  }
  return out;
}

std::optional<std::string> FileUriToPath(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.size() < kScheme.size() ||
      !std::equal(kScheme.begin(), kScheme.end(), uri.begin(),
                  [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
    return std::nullopt;
  }
  std::string_view rest = uri.substr(kScheme.size());
  size_t slash = rest.find('/');  // skip an authority ("localhost")
  if (slash == std::string_view::npos) return std::nullopt;
  rest = rest.substr(slash);
  rest = rest.substr(0, rest.find_first_of("?#"));
  std::string path;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && HexValue(rest[i + 1]) >= 0 && HexValue(rest[i + 2]) >= 0) {
      path += static_cast<char>(HexValue(rest[i + 1]) * 16 + HexValue(rest[i + 2]));
      i += 2;
    } else {
      path += rest[i];
    }
  }
  if (path.find('\0') != std::string::npos) return std::nullopt;
  return path;
}

std::string PathToFileUri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file://";
  for (char c : path) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      uri += c;
    } else {
      uri += '%';
      uri += kHex[byte >> 4];
      uri += kHex[byte & 15];
    }
  }
  return uri;
}

}  // namespace vigil::lsp
