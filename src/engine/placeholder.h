// Placeholder detection, shared by every rule: values that look like a
// credential's shape but are documentation samples or templates.
#pragma once

#include <string_view>

namespace vigil {

// Keys are machine-made, so a long run of sequential characters in one is a
// stand-in's mark; passwords are made by people, who put "123456" in real
// ones ("abuser123456"), so a password is a stand-in only when it is nothing
// but such a run or a stand-in word ("password", "changeit").
enum class SecretKind { kKey, kPassword };

// True for secrets such as "changeme", "<your-key>", "${API_TOKEN}",
// "{{ .Values.token }}", "xxxxxxxx", "<API_TOKEN>", "&lt;TOKEN&gt;",
// "AKIAIOSFODNN7EXAMPLE", one character repeated, a short unit repeated
// ("abcabcabc"), or (keys) a run of eight sequential characters ("12345678",
// "abcdefgh", "zyxwvuts").
bool LooksLikePlaceholder(std::string_view secret, SecretKind kind = SecretKind::kKey);

}  // namespace vigil
