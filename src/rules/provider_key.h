// ProviderKey: one row of the table of "a key near the provider's name".
//
// Most SaaS keys are 20-64 hex or alphanumeric characters with no prefix of
// their own: only the provider's name (in a variable, a YAML section, a
// header) or its API host on the same line says whose key it is. That shape is
// one rule repeated for hundreds of providers, so the pack writes it as data:
//
//   [[providers]]
//   id = "zerobounce-api-key"
//   name = "ZeroBounce"
//   keywords = ["zerobounce"]          # names the provider in code, any case
//   hosts = ["api.zerobounce.net"]     # optional: a key in its URLs
//   alphabet = "alnum"                 # or hex, HEX, xdigit, lower, upper,
//   length = 32                        #   digits, base64, base64url, uuid, or
//                                      #   a class body such as "A-Za-z0-9_-"
//   remediation = "Revoke it at ..."
//
// and ExpandProviderKey turns each row into an ordinary Rule: the keyword (or
// host), then within 64 characters on the following text the key, exactly of
// that alphabet and length and not part of a longer run of it. Hyperscan
// searches for the keywords alone; RE2 confirms. A key must hold a digit
// unless the row says `letters = true` (a word is not a key), and a row whose
// name is an everyday word (`weakName = true`: "daily", "float") also needs a
// secret word (key, secret, token, ...) between the name and the key.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules/rule.h"
#include "util/status.h"

namespace vigil {

struct ProviderKey {
  std::string id;
  std::string name;                  // "ZeroBounce"
  std::string what = "API key";      // "API key", "access token", "webhook secret"
  std::vector<std::string> keywords;  // lower-case; at least one of keywords, hosts
  std::vector<std::string> hosts;     // literal host names
  std::string alphabet;               // a named alphabet or a character-class body
  int min_length = 0;                 // of the key after `prefix`; uuid: unused
  int max_length = 0;
  std::string prefix;                 // literal text the key starts with ("pk_")
  bool weak_name = false;
  bool letters = false;               // a key of letters only is possible
  std::optional<double> entropy;      // minimum; default from the alphabet
  Severity severity = Severity::kHigh;
  std::vector<std::string> tags;
  std::string remediation;
  std::vector<RuleExample> examples;
  std::vector<RuleExample> negative_examples;

  std::string source_file;
  int source_line = 0;
};

// The rule a row stands for, or an Error naming the row (an unknown alphabet,
// a length out of range, no keyword).
Result<Rule> ExpandProviderKey(const ProviderKey& row);

}  // namespace vigil
