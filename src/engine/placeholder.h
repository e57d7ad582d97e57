// Placeholder detection, shared by every rule: values that look like a
// credential's shape but are documentation samples or templates.
#pragma once

#include <string_view>

namespace vigil {

// True for secrets such as "changeme", "<your-key>", "${API_TOKEN}",
// "{{ .Values.token }}", "xxxxxxxx", "<API_TOKEN>", "AKIAIOSFODNN7EXAMPLE", one character
// repeated, a short unit repeated ("abcabcabc"), or a run of six sequential
// characters ("123456", "abcdef").
bool LooksLikePlaceholder(std::string_view secret);

}  // namespace vigil
