#include "cmd/output/table.hpp"

#include <vector>

#include "lib/core/strings.hpp"

namespace docknet::output {
namespace {

using Line = std::vector<std::string>;

bool is_wide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

class Formatter {
 public:
  Formatter(std::vector<Line> lines, size_t min_width, size_t padding)
      : lines_(std::move(lines)), min_width_(min_width), padding_(padding) {}
  std::string run() {
    format(0, lines_.size());
    return out_;
  }

 private:
  void write_lines(size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      const Line& line = lines_[i];
      for (size_t j = 0; j < line.size(); ++j) {
        out_ += line[j];
        if (j < widths_.size() && j + 1 < line.size()) {
          size_t w = display_width(line[j]);
          if (w < widths_[j]) out_.append(widths_[j] - w, ' ');
        }
      }
      if (i + 1 < lines_.size()) out_ += '\n';
    }
  }

  // Go's tabwriter.format: a column block is a run of lines that all have a cell in this column.
  void format(size_t line0, size_t line1) {
    size_t column = widths_.size();
    for (size_t cur = line0; cur < line1; ++cur) {
      if (column + 1 >= lines_[cur].size()) continue;
      write_lines(line0, cur);
      line0 = cur;
      size_t width = min_width_;
      for (; cur < line1; ++cur) {
        if (column + 1 >= lines_[cur].size()) break;
        width = std::max(width, display_width(lines_[cur][column]) + padding_);
      }
      widths_.push_back(width);
      format(line0, cur);
      widths_.pop_back();
      line0 = cur;
      if (cur == line1) return;
    }
    write_lines(line0, line1);
  }

  std::vector<Line> lines_;
  size_t min_width_, padding_;
  std::vector<size_t> widths_;
  std::string out_;
};

}  // namespace

size_t display_width(const std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    size_t n = 1;
    if (c >= 0xF0) { cp = c & 0x07; n = 4; }
    else if (c >= 0xE0) { cp = c & 0x0F; n = 3; }
    else if (c >= 0xC0) { cp = c & 0x1F; n = 2; }
    for (size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    w += is_wide(cp) ? 2 : 1;
    i += n;
  }
  return w;
}

std::string tabwrite(const std::string& text, size_t min_width, size_t padding) {
  std::vector<Line> lines;
  for (const auto& l : split(text, '\n')) lines.push_back(split(l, '\t'));
  return Formatter(std::move(lines), min_width, padding).run();
}

}  // namespace docknet::output
