#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace docknet::output {

/// Data for JSON output and Go templates: Go's values as docker's formatter sees them.
/// Objects are either Go structs (fields in declaration order, may carry a Go name that differs
/// from the JSON name, may be omitted from JSON when empty) or Go maps (keys sorted).
class Value {
 public:
  enum class Kind { Null, Bool, Int, String, Time, Array, Object };
  struct Field;
  using Method = std::function<Value(const std::vector<Value>&)>;

  Value() = default;
  static Value null() { return Value(); }
  static Value boolean(bool b);
  static Value integer(long long i);
  static Value string(std::string s);
  /// A Go time.Time: JSON shows `json`, templates print `text` (Time.String()).
  static Value time(std::string json, std::string text);
  static Value array(std::vector<Value> items = {});
  static Value structure();
  static Value map();  // a Go map with string keys; printed and ranged in key order

  Kind kind() const { return kind_; }
  bool is_map() const { return is_map_; }
  bool as_bool() const { return bool_; }
  long long as_int() const { return int_; }
  const std::string& as_string() const { return str_; }
  const std::string& time_text() const { return text_; }
  const std::vector<Value>& items() const { return *items_; }
  const std::vector<Field>& fields() const { return *fields_; }

  /// Adds a field (struct) or key (map). go_name defaults to the JSON name.
  Value& set(const std::string& name, Value v, const std::string& go_name = "", bool omit_empty = false);
  Value& push(Value v);
  void add_method(const std::string& name, Method m);
  /// Field by JSON or Go name; nullptr when absent.
  const Value* get(const std::string& name) const;
  const Method* method(const std::string& name) const;
  /// Go's notion of an empty value (false, 0, "", nil, empty map or slice).
  bool empty() const;

 private:
  Kind kind_ = Kind::Null;
  bool is_map_ = false;
  bool bool_ = false;
  long long int_ = 0;
  std::string str_, text_;
  std::shared_ptr<std::vector<Value>> items_;
  std::shared_ptr<std::vector<Field>> fields_;
  std::shared_ptr<std::vector<std::pair<std::string, Method>>> methods_;
};

struct Value::Field {
  std::string name;
  std::string go_name;  // empty: same as name
  Value value;
  bool omit_empty = false;
};

}  // namespace docknet::output
