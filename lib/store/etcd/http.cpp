#include "lib/store/etcd/http.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace docknet::store::etcd {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

void header(HttpHead& head, std::string_view line) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  std::string name = lower(trim(line.substr(0, colon)));
  std::string value = lower(trim(line.substr(colon + 1)));
  if (name == "content-length") {
    if (value.empty() || value.size() > 15 || value.find_first_not_of("0123456789") != std::string::npos)
      throw std::runtime_error("bad Content-Length");
    head.content_length = std::stoll(value);
  } else if (name == "transfer-encoding") {
    head.chunked = value.find("chunked") != std::string::npos;
  } else if (name == "connection") {
    head.close = value.find("close") != std::string::npos;
  }
}

}  // namespace

std::optional<HttpHead> parse_http_head(std::string_view text) {
  size_t eol = text.find('\n');
  std::string_view status_line = trim(text.substr(0, eol));
  // "HTTP/1.1 200 OK": the version, a three-digit code, an optional reason.
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." || status_line[8] != ' ') return std::nullopt;
  HttpHead head;
  for (size_t i = 9; i < 12; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(status_line[i]))) return std::nullopt;
    head.status = head.status * 10 + (status_line[i] - '0');
  }
  head.reason = std::string(trim(status_line.substr(12)));
  if (status_line[7] == '0') head.close = true;  // HTTP/1.0 closes unless told otherwise
  while (eol != std::string_view::npos) {
    size_t next = text.find('\n', eol + 1);
    try {
      header(head, text.substr(eol + 1, next == std::string_view::npos ? std::string_view::npos : next - eol - 1));
    } catch (const std::exception&) {
      return std::nullopt;
    }
    eol = next;
  }
  return head;
}

std::string http_post(const std::string& host, const std::string& path, const std::string& body) {
  return "POST " + path + " HTTP/1.1\r\nHost: " + host +
         "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

size_t ChunkedDecoder::feed(std::string_view bytes) {
  size_t pos = 0;
  while (pos < bytes.size() && state_ != State::Done)
    if (!step(bytes, pos)) break;
  return pos;
}

std::string ChunkedDecoder::take() {
  std::string out;
  out.swap(data_);
  return out;
}

// One move of the state machine over bytes[pos...]; false when it needs more bytes.
bool ChunkedDecoder::step(std::string_view bytes, size_t& pos) {
  if (state_ == State::Data) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, bytes.size() - pos));
    data_.append(bytes.substr(pos, n));
    pos += n;
    remaining_ -= n;
    if (remaining_ == 0) state_ = State::DataEnd;
    return true;
  }
  size_t eol = bytes.find('\n', pos);
  if (eol == std::string_view::npos) {
    line_.append(bytes.substr(pos));
    pos = bytes.size();
    if (line_.size() > 4096) throw std::runtime_error("chunk header too long");
    return false;
  }
  line_.append(bytes.substr(pos, eol - pos));
  pos = eol + 1;
  std::string line = std::string(trim(line_));
  line_.clear();
  if (state_ == State::DataEnd) {
    if (!line.empty()) throw std::runtime_error("missing CRLF after chunk data");
    state_ = State::Size;
  } else if (state_ == State::Size) {
    std::string size = line.substr(0, line.find(';'));  // drop chunk extensions
    if (size.empty() || size.size() > 15 || size.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
      throw std::runtime_error("bad chunk size \"" + size + "\"");
    remaining_ = std::stoull(size, nullptr, 16);
    state_ = remaining_ == 0 ? State::Trailer : State::Data;
  } else if (state_ == State::Trailer && line.empty()) {
    state_ = State::Done;
  }
  return true;
}

}  // namespace docknet::store::etcd
