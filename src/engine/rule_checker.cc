#include "engine/rule_checker.h"

#include <algorithm>

#include "engine/matcher.h"

namespace vigil {
namespace {

std::string Quote(std::string_view text) {
  constexpr size_t kMax = 80;
  std::string shown(text.substr(0, kMax));
  std::replace(shown.begin(), shown.end(), '\n', ' ');
  return "'" + shown + (text.size() > kMax ? "...'" : "'");
}

// Secrets the rule finds in one example, scanned alone as its own blob.
std::vector<std::string> SecretsFound(Matcher& matcher, const Rule& rule, const RuleExample& example,
                                      const RuleCheckOptions& options, std::string& error) {
  Provenance provenance;
  provenance.path = example.path.value_or("example.txt");
  Blob blob = Blob::Owned(provenance, example.text);
  std::vector<Finding> findings;
  Status status = matcher.Scan(blob, findings);
  if (!status.ok()) error = status.error().ToString();
  std::vector<std::string> secrets;
  for (const Finding& finding : findings) {
    if (finding.rule->id == rule.id && (!options.keep || options.keep(finding))) secrets.push_back(finding.secret);
  }
  return secrets;
}

}  // namespace

std::vector<RuleCheckFailure> CheckRules(const std::shared_ptr<const CompiledRules>& compiled,
                                         const RuleCheckOptions& options) {
  std::vector<RuleCheckFailure> failures;
  MatcherOptions matcher_options;
  matcher_options.drop_shadowed_generic = false;  // judge each rule on its own
  Matcher matcher(compiled, matcher_options);
  if (!matcher.status().ok()) {
    failures.push_back({"", matcher.status().error().ToString()});
    return failures;
  }
  for (const Rule& rule : compiled->rules().rules()) {
    auto fail = [&](std::string message) { failures.push_back({rule.id, std::move(message)}); };
    if (options.strict) {
      if (rule.examples.size() < 2) fail("needs at least 2 examples, has " + std::to_string(rule.examples.size()));
      if (rule.negative_examples.empty()) fail("needs at least 1 negative example");
      if (rule.remediation.find("https://") == std::string::npos) {
        fail("needs a remediation that links the provider's revoke/rotate page (https://...)");
      }
    }
    for (const RuleExample& example : rule.examples) {
      std::string error;
      std::vector<std::string> secrets = SecretsFound(matcher, rule, example, options, error);
      if (!error.empty()) {
        fail("scan failed on example " + Quote(example.text) + ": " + error);
      } else if (secrets.empty()) {
        fail("example not found: " + Quote(example.text));
      } else if (example.secret &&
                 std::find(secrets.begin(), secrets.end(), *example.secret) == secrets.end()) {
        fail("example " + Quote(example.text) + " gave secret " + Quote(secrets.front()) +
             ", expected " + Quote(*example.secret));
      }
    }
    for (const RuleExample& example : rule.negative_examples) {
      std::string error;
      std::vector<std::string> secrets = SecretsFound(matcher, rule, example, options, error);
      if (!secrets.empty()) {
        fail("negative example matched (secret " + Quote(secrets.front()) + "): " + Quote(example.text));
      }
    }
  }
  return failures;
}

}  // namespace vigil
