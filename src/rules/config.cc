#include "rules/config.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include <re2/re2.h>

#include "rules/embedded_rules.h"
#include "rules/provider_key.h"
#include "util/text.h"

namespace vigil {
namespace {

// Builds Errors that point at a TOML node.
class Reporter {
 public:
  explicit Reporter(const std::string& file) : file_(file) {}

  Error At(const toml::node& node, std::string message) const {
    const auto& begin = node.source().begin;
    return Error{std::move(message), file_, static_cast<int>(begin.line),
                 static_cast<int>(begin.column)};
  }
  Error AtTop(std::string message) const { return Error{std::move(message), file_, 0, 0}; }

 private:
  const std::string& file_;
};

Status CheckKeys(const toml::table& table, const std::set<std::string_view>& known,
                 std::string_view what, const Reporter& reporter) {
  for (const auto& [key, value] : table) {
    if (!known.contains(key.str())) {
      std::string expected;
      for (std::string_view name : known) expected += (expected.empty() ? "" : ", ") + std::string(name);
      return reporter.At(value, "unknown key '" + std::string(key.str()) + "' in " +
                                    std::string(what) + " (expected one of: " + expected + ")");
    }
  }
  return Status::Ok();
}

Result<std::string> GetString(const toml::node& node, std::string_view key,
                              const Reporter& reporter) {
  if (const auto* value = node.as_string()) return std::string(value->get());
  return reporter.At(node, "'" + std::string(key) + "' must be a string");
}

Result<std::vector<std::string>> GetStrings(const toml::node& node, std::string_view key,
                                            const Reporter& reporter) {
  const auto* array = node.as_array();
  if (array == nullptr) return reporter.At(node, "'" + std::string(key) + "' must be an array of strings");
  std::vector<std::string> out;
  for (const toml::node& item : *array) {
    auto text = GetString(item, key, reporter);
    if (!text.ok()) return text.error();
    out.push_back(std::move(text).value());
  }
  return out;
}

Result<std::vector<RuleExample>> GetExamples(const toml::node& node, std::string_view key,
                                             const Reporter& reporter) {
  const auto* array = node.as_array();
  if (array == nullptr) return reporter.At(node, "'" + std::string(key) + "' must be an array");
  std::vector<RuleExample> out;
  for (const toml::node& item : *array) {
    RuleExample example;
    if (const auto* text = item.as_string()) {
      example.text = text->get();
    } else if (const auto* table = item.as_table()) {
      Status keys = CheckKeys(*table, {"text", "secret", "path"}, "an example", reporter);
      if (!keys.ok()) return keys.error();
      const toml::node* text_node = table->get("text");
      if (text_node == nullptr) return reporter.At(item, "an example table needs 'text'");
      auto text_value = GetString(*text_node, "text", reporter);
      if (!text_value.ok()) return text_value.error();
      example.text = std::move(text_value).value();
      for (auto [name, field] : {std::pair{"secret", &example.secret}, std::pair{"path", &example.path}}) {
        if (const toml::node* value = table->get(name)) {
          auto parsed = GetString(*value, name, reporter);
          if (!parsed.ok()) return parsed.error();
          *field = std::move(parsed).value();
        }
      }
    } else {
      return reporter.At(item, "'" + std::string(key) + "' items must be strings or {text, secret, path} tables");
    }
    out.push_back(std::move(example));
  }
  return out;
}

// Checks that every string in `patterns` compiles as RE2, pointing at `node`.
Status CheckRegexes(const std::vector<std::string>& patterns, const toml::node& node, std::string_view key,
                    const Reporter& reporter) {
  for (const std::string& pattern : patterns) {
    RE2 regex(pattern, RE2::Quiet);
    if (!regex.ok()) {
      return reporter.At(node, "invalid regex in '" + std::string(key) + "': " + regex.error());
    }
  }
  return Status::Ok();
}

Result<Allowlist> ParseAllowlist(const toml::node& node, bool global, const std::string& file,
                                 const Reporter& reporter) {
  const auto* table = node.as_table();
  if (table == nullptr) return reporter.At(node, "an allowlist must be a table");
  std::set<std::string_view> known = {"description", "paths", "regexes", "regexTarget",
                                      "stopwords", "commits", "condition"};
  if (global) known.insert("targetRules");
  Status keys = CheckKeys(*table, known, "an allowlist", reporter);
  if (!keys.ok()) return keys.error();

  Allowlist allowlist;
  allowlist.source_file = file;
  allowlist.source_line = static_cast<int>(node.source().begin.line);
  for (const auto& [key_name, value] : *table) {
    std::string_view key = key_name.str();
    if (key == "description" || key == "regexTarget" || key == "condition") {
      auto text = GetString(value, key, reporter);
      if (!text.ok()) return text.error();
      if (key == "description") {
        allowlist.description = text.value();
      } else if (key == "regexTarget") {
        std::string target = AsciiLower(text.value());
        if (target == "secret") {
          allowlist.regex_target = Allowlist::Target::kSecret;
        } else if (target == "match") {
          allowlist.regex_target = Allowlist::Target::kMatch;
        } else if (target == "line") {
          allowlist.regex_target = Allowlist::Target::kLine;
        } else {
          return reporter.At(value, "'regexTarget' must be one of secret, match, line");
        }
      } else {
        std::string condition = AsciiLower(text.value());
        if (condition != "or" && condition != "and") return reporter.At(value, "'condition' must be OR or AND");
        allowlist.require_all = condition == "and";
      }
      continue;
    }
    auto values = GetStrings(value, key, reporter);
    if (!values.ok()) return values.error();
    if (key == "paths" || key == "regexes") {
      Status compiled = CheckRegexes(values.value(), value, key, reporter);
      if (!compiled.ok()) return compiled.error();
      (key == "paths" ? allowlist.paths : allowlist.regexes) = std::move(values).value();
    } else if (key == "stopwords") {
      for (const std::string& word : values.value()) allowlist.stopwords.push_back(AsciiLower(word));
    } else if (key == "commits") {
      allowlist.commits = std::move(values).value();
    } else if (key == "targetRules") {
      allowlist.target_rules = std::move(values).value();
    }
  }
  if (allowlist.paths.empty() && allowlist.regexes.empty() && allowlist.stopwords.empty() &&
      allowlist.commits.empty()) {
    return reporter.At(node, "an allowlist needs at least one of paths, regexes, stopwords, commits");
  }
  return allowlist;
}

// Reads `allowlist` (one table, gitleaks' older form) and `allowlists` (an
// array of tables) from `table` into `out`.
Status ParseAllowlists(const toml::table& table, bool global, const std::string& file,
                       const Reporter& reporter, std::vector<Allowlist>& out) {
  if (const toml::node* single = table.get("allowlist")) {
    auto allowlist = ParseAllowlist(*single, global, file, reporter);
    if (!allowlist.ok()) return allowlist.error();
    out.push_back(std::move(allowlist).value());
  }
  if (const toml::node* many = table.get("allowlists")) {
    const auto* array = many->as_array();
    if (array == nullptr) return reporter.At(*many, "'allowlists' must be an array of tables ([[allowlists]])");
    for (const toml::node& item : *array) {
      auto allowlist = ParseAllowlist(item, global, file, reporter);
      if (!allowlist.ok()) return allowlist.error();
      out.push_back(std::move(allowlist).value());
    }
  }
  return Status::Ok();
}

Result<Rule> ParseRule(const toml::table& table, const std::string& file, const Reporter& reporter) {
  static const std::set<std::string_view> kKnown = {
      "id",   "description", "regex",       "secretGroup", "entropy",  "keywords",
      "path", "tags",        "severity",    "remediation", "examples", "negativeExamples",
      "allowlist", "allowlists", "skipReport", "candidate", "randomness"};
  Status keys = CheckKeys(table, kKnown, "a rule", reporter);
  if (!keys.ok()) return keys.error();

  Rule rule;
  rule.source_file = file;
  rule.source_line = static_cast<int>(table.source().begin.line);
  for (const auto& [key_name, node] : table) {
    std::string_view key = key_name.str();
    Status status;
    auto take_string = [&](std::string& target) {
      auto value = GetString(node, key, reporter);
      if (!value.ok()) return Status(value.error());
      target = std::move(value).value();
      return Status::Ok();
    };
    if (key == "id") {
      status = take_string(rule.id);
    } else if (key == "description") {
      status = take_string(rule.description);
    } else if (key == "regex") {
      status = take_string(rule.regex);
      rule.regex_line = static_cast<int>(node.source().begin.line);
      rule.regex_column = static_cast<int>(node.source().begin.column);
    } else if (key == "remediation") {
      status = take_string(rule.remediation);
    } else if (key == "candidate") {
      std::string candidate;
      status = take_string(candidate);
      if (status.ok() && candidate.empty()) return reporter.At(node, "'candidate' must not be empty");
      rule.candidate = std::move(candidate);
    } else if (key == "path") {
      std::string path;
      status = take_string(path);
      rule.path = path;
      rule.path_line = static_cast<int>(node.source().begin.line);
      rule.path_column = static_cast<int>(node.source().begin.column);
    } else if (key == "secretGroup") {
      const auto* value = node.as_integer();
      if (value == nullptr || value->get() < 0 || value->get() > 99) {
        return reporter.At(node, "'secretGroup' must be an integer from 0 to 99");
      }
      rule.secret_group = static_cast<int>(value->get());
    } else if (key == "entropy") {
      std::optional<double> value = node.value<double>();
      if (!value || *value < 0 || *value > 8) {
        return reporter.At(node, "'entropy' must be a number from 0 to 8 (bits per character)");
      }
      rule.entropy = *value;
    } else if (key == "randomness") {
      std::optional<double> value = node.value<double>();
      if (!value || *value < 0 || *value > 4) {
        return reporter.At(node, "'randomness' must be a number from 0 to 4 (see engine/char_model.h)");
      }
      rule.randomness = *value;
    } else if (key == "severity") {
      std::string name;
      status = take_string(name);
      if (status.ok()) {
        auto severity = ParseSeverity(name);
        if (!severity) {
          return reporter.At(node, "'severity' must be one of info, low, medium, high, critical");
        }
        rule.severity = *severity;
      }
    } else if (key == "keywords" || key == "tags") {
      auto values = GetStrings(node, key, reporter);
      if (!values.ok()) return values.error();
      if (key == "tags") {
        rule.tags = std::move(values).value();
      } else {
        for (std::string& keyword : values.value()) {
          if (keyword.empty()) return reporter.At(node, "'keywords' must not hold an empty string");
          for (char& c : keyword) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          rule.keywords.push_back(keyword);
        }
      }
    } else if (key == "allowlist" || key == "allowlists") {
      continue;  // read below, once
    } else if (key == "skipReport") {
      const auto* flag = node.as_boolean();
      if (flag == nullptr) return reporter.At(node, "'skipReport' must be true or false");
      rule.skip_report = flag->get();
    } else if (key == "examples" || key == "negativeExamples") {
      auto examples = GetExamples(node, key, reporter);
      if (!examples.ok()) return examples.error();
      (key == "examples" ? rule.examples : rule.negative_examples) = std::move(examples).value();
    }
    if (!status.ok()) return status.error();
  }
  Status allowlists = ParseAllowlists(table, false, file, reporter, rule.allowlists);
  if (!allowlists.ok()) return allowlists.error();
  if (rule.id.empty()) return reporter.At(table, "a rule needs a non-empty 'id'");
  if (rule.regex.empty() && !rule.path) {
    return reporter.At(table, "rule '" + rule.id + "' needs a 'regex' (or only a 'path', to flag the file itself)");
  }
  if (rule.description.empty()) rule.description = rule.id;
  return rule;
}

// One [[providers]] row (provider_key.h), expanded into its rule.
Result<Rule> ParseProviderKey(const toml::table& table, const std::string& file, const Reporter& reporter) {
  static const std::set<std::string_view> kKnown = {
      "id",       "name",     "what",    "keywords",    "hosts",    "alphabet", "length",          "prefix",
      "weakName", "letters",  "entropy", "severity",    "tags",     "remediation", "examples", "negativeExamples"};
  Status keys = CheckKeys(table, kKnown, "a provider", reporter);
  if (!keys.ok()) return keys.error();
  ProviderKey row;
  row.source_file = file;
  row.source_line = static_cast<int>(table.source().begin.line);
  for (const auto& [key_name, node] : table) {
    std::string_view key = key_name.str();
    if (key == "id" || key == "name" || key == "what" || key == "alphabet" || key == "prefix" ||
        key == "remediation") {
      auto text = GetString(node, key, reporter);
      if (!text.ok()) return text.error();
      std::string& field = key == "id" ? row.id : key == "name" ? row.name : key == "what" ? row.what
                           : key == "alphabet" ? row.alphabet : key == "prefix" ? row.prefix : row.remediation;
      field = std::move(text).value();
    } else if (key == "keywords" || key == "hosts" || key == "tags") {
      auto values = GetStrings(node, key, reporter);
      if (!values.ok()) return values.error();
      auto& field = key == "keywords" ? row.keywords : key == "hosts" ? row.hosts : row.tags;
      field = std::move(values).value();
      if (key != "tags") {
        for (std::string& word : field) word = AsciiLower(word);
      }
    } else if (key == "length") {
      if (const auto* number = node.as_integer()) {
        row.min_length = row.max_length = static_cast<int>(number->get());
      } else if (const auto* range = node.as_array(); range != nullptr && range->size() == 2 &&
                                                      (*range)[0].is_integer() && (*range)[1].is_integer()) {
        row.min_length = static_cast<int>((*range)[0].as_integer()->get());
        row.max_length = static_cast<int>((*range)[1].as_integer()->get());
      } else {
        return reporter.At(node, "'length' must be an integer or [min, max]");
      }
    } else if (key == "weakName" || key == "letters") {
      const auto* flag = node.as_boolean();
      if (flag == nullptr) return reporter.At(node, "'" + std::string(key) + "' must be true or false");
      (key == "weakName" ? row.weak_name : row.letters) = flag->get();
    } else if (key == "entropy") {
      std::optional<double> value = node.value<double>();
      if (!value || *value < 0 || *value > 8) return reporter.At(node, "'entropy' must be a number from 0 to 8");
      row.entropy = *value;
    } else if (key == "severity") {
      auto name = GetString(node, key, reporter);
      if (!name.ok()) return name.error();
      auto severity = ParseSeverity(name.value());
      if (!severity) return reporter.At(node, "'severity' must be one of info, low, medium, high, critical");
      row.severity = *severity;
    } else if (key == "examples" || key == "negativeExamples") {
      auto examples = GetExamples(node, key, reporter);
      if (!examples.ok()) return examples.error();
      (key == "examples" ? row.examples : row.negative_examples) = std::move(examples).value();
    }
  }
  return ExpandProviderKey(row);
}

Status ParseExtend(const toml::node& node, Config& config, const Reporter& reporter) {
  const auto* table = node.as_table();
  if (table == nullptr) return reporter.At(node, "'extend' must be a table");
  Status keys = CheckKeys(*table, {"useDefault", "path", "disabledRules"}, "[extend]", reporter);
  if (!keys.ok()) return keys;
  if (const toml::node* use_default = table->get("useDefault")) {
    const auto* flag = use_default->as_boolean();
    if (flag == nullptr) return reporter.At(*use_default, "'useDefault' must be true or false");
    config.use_default = flag->get();
  }
  if (const toml::node* path = table->get("path")) {
    auto text = GetString(*path, "path", reporter);
    if (!text.ok()) return text.error();
    config.extend_path = text.value();
    config.extend_path_line = static_cast<int>(path->source().begin.line);
    config.extend_path_column = static_cast<int>(path->source().begin.column);
  }
  if (const toml::node* disabled = table->get("disabledRules")) {
    auto ids = GetStrings(*disabled, "disabledRules", reporter);
    if (!ids.ok()) return ids.error();
    config.disabled_rules = std::move(ids).value();
  }
  return Status::Ok();
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read config: " + std::string(std::strerror(errno)), path};
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Appends `rules` to `merged`, replacing rules with the same id.
void MergeRules(std::vector<Rule>& merged, std::vector<Rule> rules) {
  for (Rule& rule : rules) {
    auto same = std::find_if(merged.begin(), merged.end(),
                             [&](const Rule& existing) { return existing.id == rule.id; });
    if (same != merged.end()) {
      *same = std::move(rule);
    } else {
      merged.push_back(std::move(rule));
    }
  }
}

}  // namespace

Result<Config> ParseConfig(std::string_view toml_text, const std::string& source_name) {
  Reporter reporter(source_name);
  toml::table document;
  try {
    document = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    return Error{"invalid TOML: " + std::string(error.description()), source_name,
                 static_cast<int>(begin.line), static_cast<int>(begin.column)};
  }
  Status keys = CheckKeys(document,
                          {"title", "description", "minVersion", "extend", "rules", "providers", "allowlist", "allowlists"},
                          "the config", reporter);
  if (!keys.ok()) return keys.error();

  Config config;
  Status allowlists = ParseAllowlists(document, true, source_name, reporter, config.allowlists);
  if (!allowlists.ok()) return allowlists.error();
  if (const toml::node* extend = document.get("extend")) {
    Status status = ParseExtend(*extend, config, reporter);
    if (!status.ok()) return status.error();
  }
  std::set<std::string> ids;
  if (const toml::node* rules = document.get("rules")) {
    const auto* array = rules->as_array();
    if (array == nullptr) return reporter.At(*rules, "'rules' must be an array of tables ([[rules]])");
    for (const toml::node& item : *array) {
      const auto* table = item.as_table();
      if (table == nullptr) return reporter.At(item, "each [[rules]] entry must be a table");
      auto rule = ParseRule(*table, source_name, reporter);
      if (!rule.ok()) return rule.error();
      if (!ids.insert(rule.value().id).second) {
        return reporter.At(item, "duplicate rule id '" + rule.value().id + "'");
      }
      config.rules.push_back(std::move(rule).value());
    }
  }
  if (const toml::node* providers = document.get("providers")) {
    const auto* array = providers->as_array();
    if (array == nullptr) return reporter.At(*providers, "'providers' must be an array of tables ([[providers]])");
    for (const toml::node& item : *array) {
      const auto* table = item.as_table();
      if (table == nullptr) return reporter.At(item, "each [[providers]] entry must be a table");
      auto rule = ParseProviderKey(*table, source_name, reporter);
      if (!rule.ok()) return rule.error();
      if (!ids.insert(rule.value().id).second) {
        return reporter.At(item, "duplicate rule id '" + rule.value().id + "'");
      }
      config.rules.push_back(std::move(rule).value());
    }
  }
  return config;
}

std::string WithoutExamples(std::string_view toml) {
  std::string out;
  out.reserve(toml.size());
  bool skipping = false;
  size_t start = 0;
  while (start < toml.size()) {
    size_t end = toml.find('\n', start);
    end = end == std::string_view::npos ? toml.size() : end + 1;
    std::string_view line = toml.substr(start, end - start);
    std::string_view trimmed = line;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.remove_suffix(1);
    if (skipping) {
      if (!trimmed.empty() && trimmed.front() == ']') skipping = false;
    } else if (trimmed.rfind("examples = [", 0) == 0 || trimmed.rfind("negativeExamples = [", 0) == 0) {
      skipping = trimmed.back() != ']';  // a one-line array ends here
    } else {
      out.append(line);
    }
    start = end;
  }
  return out;
}

Result<RuleSet> LoadDefaultRules(RuleDetail detail) {
  std::vector<Rule> rules;
  std::vector<Allowlist> allowlists;
  std::set<std::string> ids;
  for (const EmbeddedRuleFile& file : EmbeddedRuleFiles()) {
    auto config = detail == RuleDetail::kFull ? ParseConfig(file.content, std::string(file.path))
                                              : ParseConfig(WithoutExamples(file.content), std::string(file.path));
    // A file the line scan cannot strip cleanly is read whole.
    if (!config.ok() && detail != RuleDetail::kFull) config = ParseConfig(file.content, std::string(file.path));
    if (!config.ok()) return config.error();
    for (Allowlist& allowlist : config.value().allowlists) allowlists.push_back(std::move(allowlist));
    for (Rule& rule : config.value().rules) {
      if (!ids.insert(rule.id).second) {
        return Error{"rule id '" + rule.id + "' is defined twice in the default pack", rule.source_file,
                     rule.source_line};
      }
      rules.push_back(std::move(rule));
    }
  }
  return RuleSet(std::move(rules), std::move(allowlists));
}

namespace {

Result<RuleSet> DefaultRules(const RuleLoadOptions& options) {
  if (options.detail == RuleDetail::kWithoutExamples && options.default_pack != nullptr) return *options.default_pack;
  return LoadDefaultRules(options.detail);
}

// Loads a config file and what it extends (a base config by path, the
// default pack), merging rules by id; `depth` guards against cycles.
Result<RuleSet> LoadConfigFile(const std::string& path, int depth, const RuleLoadOptions& options) {
  if (depth > 4) return Error{"[extend] path nests too deep (a cycle?)", path};
  auto text = ReadFile(path);
  if (!text.ok()) return text.error();
  auto parsed = ParseConfig(text.value(), path);
  if (!parsed.ok()) return parsed.error();
  Config& config = parsed.value();

  std::vector<Rule> merged;
  std::vector<Allowlist> allowlists;
  if (config.use_default) {
    auto defaults = DefaultRules(options);
    if (!defaults.ok()) return defaults.error();
    merged = defaults.value().rules();
    allowlists = defaults.value().allowlists();
  }
  if (!config.extend_path.empty()) {
    std::filesystem::path base = std::filesystem::path(path).parent_path() / config.extend_path;
    std::error_code missing;
    if (!std::filesystem::is_regular_file(base, missing)) {
      return Error{"[extend] path '" + config.extend_path + "': no such file (" + base.string() + ")", path,
                   config.extend_path_line, config.extend_path_column};
    }
    auto extended = LoadConfigFile(base.string(), depth + 1, options);
    if (!extended.ok()) return extended.error();
    MergeRules(merged, extended.value().rules());
    allowlists = extended.value().allowlists();
  }
  MergeRules(merged, std::move(config.rules));
  for (const std::string& id : config.disabled_rules) {
    std::erase_if(merged, [&](const Rule& rule) { return rule.id == id; });
  }
  for (Allowlist& allowlist : config.allowlists) allowlists.push_back(std::move(allowlist));
  // A misspelt rule id in targetRules would make an allowlist do nothing. A
  // rule the config disabled is known: the default pack's allowlists name it.
  for (const Allowlist& allowlist : allowlists) {
    for (const std::string& id : allowlist.target_rules) {
      bool known = std::any_of(merged.begin(), merged.end(), [&](const Rule& rule) { return rule.id == id; }) ||
                   std::find(config.disabled_rules.begin(), config.disabled_rules.end(), id) !=
                       config.disabled_rules.end();
      if (!known) {
        return Error{"allowlist targetRules names no rule: '" + id + "'", allowlist.source_file,
                     allowlist.source_line};
      }
    }
  }
  return RuleSet(std::move(merged), std::move(allowlists));
}

}  // namespace

Result<RuleSet> LoadRuleSet(const std::string& config_path, const std::string& scan_root,
                            const RuleLoadOptions& options) {
  std::string path = config_path;
  if (path.empty() && !scan_root.empty()) {
    std::error_code ignored;
    std::filesystem::path candidate = std::filesystem::path(scan_root) / ".vigil.toml";
    if (std::filesystem::is_regular_file(candidate, ignored)) path = candidate.string();
  }
  if (path.empty()) return DefaultRules(options);
  auto rules = LoadConfigFile(path, 0, options);
  if (!rules.ok()) return rules.error();
  if (rules.value().size() == 0) {
    return Error{"the config defines no rules (add [[rules]] or [extend] useDefault = true)", path};
  }
  return rules;
}

}  // namespace vigil
