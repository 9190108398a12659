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
  enum class Kind { Null, Bool, Int, Float, String, Time, Array, Object };
  struct Field;
  using MethodFn = std::function<Value(const std::vector<Value>&)>;
  /// A Go method: its body and how many arguments it takes.
  struct Method {
    MethodFn call;
    size_t arity = 0;
  };

  Value() = default;
  static Value null() { return Value(); }
  static Value boolean(bool b);
  static Value integer(long long i);
  /// A Go uint64 (counts that may exceed 2^63, such as IPv6 addresses available).
  static Value unsigned_integer(unsigned long long u);
  static Value floating(double d);
  static Value string(std::string s);
  /// A Go time.Time: JSON shows `json`, templates print `text` (Time.String()).
  static Value time(std::string json, std::string text);
  static Value array(std::vector<Value> items = {}, std::string type_name = "");
  /// A Go struct; type_name is what Go's errors call it ("network.Inspect").
  static Value structure(std::string type_name = "struct");
  /// A Go map with string keys; printed and ranged in key order.
  static Value map(std::string type_name = "map[string]interface {}");
  /// A nil Go map: prints as map[], encodes to JSON as null, counts as empty.
  static Value nil_map(std::string type_name);
  /// A nil Go slice: prints as [], encodes to JSON as null, counts as empty.
  static Value nil_array(std::string type_name);
  bool is_nil_map() const { return nil_; }
  bool is_nil() const { return nil_; }

  Kind kind() const { return kind_; }
  bool is_map() const { return is_map_; }
  bool as_bool() const { return bool_; }
  long long as_int() const { return int_; }
  bool is_unsigned() const { return unsigned_; }
  /// The integer as Go prints it: signed, or unsigned for a uint64.
  std::string int_text() const;
  double as_float() const { return float_; }
  /// Go's name for the value's type, for error messages.
  std::string type_name() const;
  const std::string& as_string() const { return str_; }
  const std::string& time_text() const { return text_; }
  const std::vector<Value>& items() const { return *items_; }
  const std::vector<Field>& fields() const { return *fields_; }

  /// Adds a field (struct) or key (map). go_name defaults to the JSON name.
  Value& set(const std::string& name, Value v, const std::string& go_name = "", bool omit_empty = false);
  Value& push(Value v);
  void add_method(const std::string& name, MethodFn m, size_t arity);
  /// Field by its Go name (a struct) or key (a map); nullptr when absent.
  const Value* get(const std::string& name) const;
  const Method* method(const std::string& name) const;
  /// Go's notion of an empty value (false, 0, "", nil, empty map or slice).
  bool empty() const;

 private:
  Kind kind_ = Kind::Null;
  bool is_map_ = false;
  bool nil_ = false;
  bool bool_ = false;
  bool unsigned_ = false;
  long long int_ = 0;
  double float_ = 0;
  std::string str_, text_, type_;
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
