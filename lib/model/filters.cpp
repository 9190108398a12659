#include "lib/model/filters.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "lib/core/strings.hpp"
#include "lib/model/go_regexp.hpp"
#include "lib/model/messages.hpp"

namespace docknet::model {
namespace {

const std::vector<std::string>* values_of(const FilterArgs& args, const std::string& key) {
  auto it = args.find(key);
  return it == args.end() || it->second.empty() ? nullptr : &it->second;
}

// filters.Args.Match: exact or unanchored regexp, OR across values.
bool match_any(const std::vector<std::string>* values, const std::string& source) {
  if (!values) return true;
  return std::any_of(values->begin(), values->end(),
                     [&](const std::string& v) { return v == source || go_regexp_search(v, source); });
}

bool exact_any(const std::vector<std::string>* values, const std::string& source) {
  if (!values) return true;
  return std::find(values->begin(), values->end(), source) != values->end();
}

bool label_term_matches(const StringMap& labels, const std::string& term) {
  auto eq = term.find('=');
  auto it = labels.find(term.substr(0, eq));
  if (it == labels.end()) return false;
  return eq == std::string::npos || it->second == term.substr(eq + 1);
}

// filters.Args.MatchKVList: every term must match; no labels never matches.
bool labels_match_all(const std::vector<std::string>* terms, const StringMap& labels) {
  if (!terms) return true;
  if (labels.empty()) return false;
  return std::all_of(terms->begin(), terms->end(), [&](const std::string& t) { return label_term_matches(labels, t); });
}

void require_known_keys(const FilterArgs& args, std::initializer_list<const char*> accepted) {
  for (const auto& [key, _] : args)
    if (std::none_of(accepted.begin(), accepted.end(), [&](const char* k) { return key == k; }))
      throw msg::invalid_filter(key);
}

}  // namespace

bool add_filter(FilterArgs& args, const std::string& flag_value) {
  auto eq = flag_value.find('=');
  if (eq == std::string::npos) return false;
  args[to_lower(trim(flag_value.substr(0, eq)))].push_back(trim(flag_value.substr(eq + 1)));
  return true;
}

void validate_list_filters(const FilterArgs& args) {
  require_known_keys(args, {"dangling", "driver", "id", "label", "name", "scope", "type"});
  if (auto types = values_of(args, "type"))
    for (const auto& t : *types)
      if (t != "custom" && t != "builtin") throw msg::invalid_filter_value("type", t);
  if (auto d = values_of(args, "dangling")) {
    if (d->size() > 1) throw msg::invalid_dangling_value();
    if (!parse_go_bool((*d)[0]) || ((*d)[0] != "true" && (*d)[0] != "1" && (*d)[0] != "false" && (*d)[0] != "0"))
      throw msg::invalid_dangling_value();
  }
}

bool matches_list_filters(const Network& n, const FilterArgs& args) {
  if (!exact_any(values_of(args, "driver"), n.driver)) return false;
  if (!match_any(values_of(args, "name"), n.name)) return false;
  if (!match_any(values_of(args, "id"), n.id)) return false;
  if (!labels_match_all(values_of(args, "label"), n.labels)) return false;
  if (!exact_any(values_of(args, "scope"), n.scope)) return false;
  if (auto types = values_of(args, "type")) {
    // Docker 20.10's union semantics (HEAD returns on the first value, a bug we do not copy).
    bool builtin = n.is_predefined();
    bool ok = std::any_of(types->begin(), types->end(),
                          [&](const std::string& t) { return (t == "builtin") == builtin; });
    if (!ok) return false;
  }
  if (auto d = values_of(args, "dangling")) {
    bool want = (*d)[0] == "true" || (*d)[0] == "1";
    bool dangling = !n.is_predefined() && n.containers.empty() && n.remote_endpoints.empty();
    if (want != dangling) return false;
  }
  return true;
}

void validate_prune_filters(const FilterArgs& args, const Timestamp& now) {
  require_known_keys(args, {"until", "label", "label!"});
  if (auto until = values_of(args, "until")) {
    if (until->size() > 1) throw msg::more_than_one_until();
    if (!parse_until((*until)[0], now)) throw msg::invalid_until((*until)[0]);
  }
}

bool matches_prune_filters(const Network& n, const FilterArgs& args, const Timestamp& now) {
  if (auto until = values_of(args, "until")) {
    auto limit = parse_until((*until)[0], now);
    if (limit && !(n.created <= *limit)) return false;
  }
  if (!labels_match_all(values_of(args, "label"), n.labels)) return false;
  if (auto negated = values_of(args, "label!")) {
    // Excluded when the network carries every one of the label! terms.
    bool all = std::all_of(negated->begin(), negated->end(),
                           [&](const std::string& t) { return label_term_matches(n.labels, t); });
    if (all) return false;
  }
  return true;
}

}  // namespace docknet::model
