#include "cmd/output/formatter.hpp"

#include "cmd/output/table.hpp"
#include "cmd/output/template.hpp"

namespace docknet::output {
namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
  return s;
}

std::string trim_spaces(const std::string& s) {
  size_t b = s.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

}  // namespace

std::string format_rows(const std::string& format, const std::vector<Value>& rows, const Value& header) {
  bool table = format.rfind("table", 0) == 0;
  std::string final_format = table ? format.substr(5) : format == "json" ? "{{json .}}" : format;
  final_format = replace_all(replace_all(trim_spaces(final_format), "\\t", "\t"), "\\n", "\n");
  Template tmpl = Template::parse(final_format);
  std::string body;
  for (const auto& row : rows) body += tmpl.execute(row) + "\n";
  if (!table) return body;
  Template head = tmpl;
  head.set_header_mode(true);
  return tabwrite(head.execute(header) + "\n" + body);
}

}  // namespace docknet::output
