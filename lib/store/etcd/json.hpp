#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace docknet::store::etcd {

/// A malformed JSON text; what() says what and at which byte.
class JsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A parsed JSON value: just enough of JSON for etcd's gateway answers. Numbers keep their
/// literal text (etcd's int64 fields arrive as strings anyway, and a double would lose digits).
struct Json {
  enum class Type { Null, Bool, Number, String, Array, Object };
  Type type = Type::Null;
  bool boolean = false;
  std::string text;  // a String's decoded UTF-8, or a Number's literal
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;  // in document order

  /// The whole of `input` as one value (surrounding whitespace allowed); throws JsonError.
  static Json parse(std::string_view input);
  /// The member named `key` of an object, or nullptr (also when this is no object).
  const Json* find(std::string_view key) const;
};

/// `s` as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);

/// An int64 field as protobuf's JSON mapping writes it ("12") or as a plain number (12); an
/// absent field (nullptr) is protobuf's default, 0. Throws JsonError for anything else.
int64_t json_int64(const Json* value);
/// A bool field; absent (the default, false, is omitted) is false.
bool json_bool(const Json* value);
/// A string field; absent is "".
std::string json_string(const Json* value);

}  // namespace docknet::store::etcd
