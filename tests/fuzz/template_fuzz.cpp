// A seeded random driver for the template engine: templates built from text/template's own
// fragments, and byte-level mutations of the golden cases, run against real inspect and ls data.
// Parse and execution errors are expected; anything else (another exception, a crash, a hang
// past the time limit) is a failure. Usage: template_fuzz [--seconds N] [--seed S]
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cmd/output/network_json.hpp"
#include "cmd/output/template.hpp"

using namespace docknet;
using namespace docknet::output;

namespace {

const char* kFragments[] = {
    "{{", "}}", "{{-", "-}}", " ", ".", ".Name", ".Labels", ".IPAM", ".IPAM.Config", ".Options", ".Containers",
    ".Created", ".Internal", ".Label", "$", "$x", "$x :=", "$i, $v :=", "=", "|", "(", ")", "\"s\"", "`raw`", "'c'",
    "1", "-2", "0x1f", "1.5", "1e300", "true", "nil", "if", "else", "end", "range", "with", "define \"t\"",
    "template \"t\"", "block \"b\" .", "break", "continue", "and", "or", "not", "len", "index", "slice", "print",
    "printf \"%v %d %s %q %x %5.2f %-3s\"", "println", "eq", "ne", "lt", "le", "gt", "ge", "html", "js", "urlquery",
    "call", "json", "join", "split", "title", "lower", "upper", "pad", "truncate", "/* c */", "\n", "text", "\t",
    "{{range 5}}", "{{end}}", "{{if .}}", "{{else}}", "{{template \"t\" .}}", "{{define \"t\"}}x{{end}}"};

std::string generate(std::mt19937_64& rng) {
  std::string t;
  int n = static_cast<int>(rng() % 24);
  for (int i = 0; i < n; ++i) {
    t += kFragments[rng() % (sizeof kFragments / sizeof *kFragments)];
    if (rng() % 3 == 0) t += ' ';
  }
  return t;
}

std::string mutate(std::string s, std::mt19937_64& rng) {
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < edits && !s.empty(); ++i) {
    size_t at = rng() % s.size();
    switch (rng() % 4) {
      case 0: s.erase(at, 1 + rng() % 3); break;
      case 1: s.insert(at, 1, static_cast<char>(rng() % 128)); break;
      case 2: s[at] = static_cast<char>(rng() % 256); break;
      default: s.insert(at, s.substr(rng() % s.size(), 1 + rng() % 8)); break;
    }
  }
  return s;
}

std::vector<std::string> golden_templates(const char* path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  std::string line, current;
  bool in_tmpl = false;
  while (std::getline(in, line)) {
    if (line.rfind("=== ", 0) == 0) {
      in_tmpl = true;
      current.clear();
    } else if (in_tmpl && line.rfind("--- rc ", 0) == 0) {
      in_tmpl = false;
      out.push_back(current);
    } else if (in_tmpl) {
      current += (current.empty() ? "" : "\n") + line;
    }
  }
  return out;
}

model::Network network() {
  model::Network n;
  n.name = "fuzz";
  n.id = std::string(64, 'f');
  n.created = Timestamp{1795872214, 5, 0};
  n.ipam_options = StringMap{};
  model::IpamConfig c;
  c.subnet = *IpPrefix::parse("10.0.0.0/24");
  c.gateway = *IpAddress::parse("10.0.0.1");
  c.aux_addresses["a"] = *IpAddress::parse("10.0.0.2");
  n.ipam_config.push_back(c);
  n.labels = {{"a", "1"}, {"b", "2"}};
  n.containers["c1"] = model::Endpoint{"c1", "one", "e1", "02:00:00:00:00:01", *IpPrefix::parse("10.0.0.3/24"), {}};
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 5;
  uint64_t seed = std::random_device{}();
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
    if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
  }
  std::mt19937_64 rng(seed);
  auto corpus = golden_templates(DOCKNET_SOURCE_DIR "/tests/golden/templates.golden");
  model::Network n = network();
  Value typed = inspect_value(n), raw = raw_value(typed), row = list_row(n, false);
  const Value* data[] = {&typed, &raw, &row};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  long runs = 0, parsed = 0, executed = 0;
  std::string current;
  try {
    while (std::chrono::steady_clock::now() < deadline) {
      current = (!corpus.empty() && rng() % 2) ? mutate(corpus[rng() % corpus.size()], rng) : generate(rng);
      ++runs;
      try {
        Template t = Template::parse(current);
        ++parsed;
        t.set_missing_key_error(rng() % 2);
        t.execute(*data[rng() % 3]);
        ++executed;
      } catch (const TemplateParseError&) {
      } catch (const TemplateExecError&) {
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "template fuzz: seed " << seed << ": unexpected " << e.what() << " for template:\n" << current << "\n";
    return 1;
  }
  std::cout << "template fuzz: seed " << seed << ", " << runs << " templates, " << parsed << " parsed, " << executed
            << " executed, no crash\n";
  return 0;
}
