#include "filter/filter_set.h"

namespace vigil {

Result<std::unique_ptr<FilterSet>> FilterSet::Create(const RuleSet& rules, const std::string& root,
                                                     const std::string& baseline_path) {
  auto filters = std::unique_ptr<FilterSet>(new FilterSet());
  filters->all_.push_back(&filters->inline_ignore_);
  auto allowlists = AllowlistFilter::Create(rules);
  if (!allowlists.ok()) return allowlists.error();
  filters->allowlists_ = std::move(allowlists).value();
  if (!filters->allowlists_->empty()) filters->all_.push_back(filters->allowlists_.get());
  auto ignore_file = IgnoreFileFilter::Load(root);
  if (!ignore_file.ok()) return ignore_file.error();
  filters->ignore_file_ = std::move(ignore_file).value();
  if (!filters->ignore_file_->empty()) filters->all_.push_back(filters->ignore_file_.get());
  if (!baseline_path.empty()) {
    auto baseline = BaselineFilter::Load(baseline_path);
    if (!baseline.ok()) return baseline.error();
    filters->baseline_ = std::move(baseline).value();
    filters->all_.push_back(filters->baseline_.get());
  }
  return filters;
}

}  // namespace vigil
