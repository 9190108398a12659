// Issue 9: hostile templates end with a clear error instead of exhausting memory or time, and
// printf's widths and precisions are bounded exactly as Go's fmt bounds them.
#include <catch2/catch.hpp>

#include <chrono>

#include "cmd/output/template.hpp"

using namespace docknet::output;

static Value row() {
  Value v = Value::structure("formatter.networkContext");
  v.set("Name", Value::string("lab"));
  return v;
}

static std::string run(const std::string& tmpl) { return Template::parse(tmpl).execute(row()); }

static std::string error_of(const std::string& tmpl) {
  try {
    run(tmpl);
  } catch (const TemplateExecError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_CASE("pad refuses widths over 1e6 before building them") {
  CHECK(error_of("{{pad .Name 1000000000 0}}") ==
        "template: :1:2: executing \"\" at <pad .Name 1000000000 0>: error calling pad: padding of 1000000000 exceeds the "
        "limit of 1000000");
  CHECK(error_of("{{pad .Name 0 1000001}}").find("error calling pad: padding of 1000001 exceeds") != std::string::npos);
  CHECK(run("{{pad .Name 2 1}}") == "  lab ");
  CHECK(run("{{pad .Name 1000000 0}}").size() == 1000003);
}

TEST_CASE("printf widths and precisions follow Go's fmt bounds (docker 28.5.2 output)") {
  CHECK(run("{{printf \"%.999999999f\" 1.0}}") == "%!(NOVERB)%!(EXTRA float64=1)");
  CHECK(run("{{printf \"%.99999999f|\" 1.0}}") == "%!(NOVERB)%!(EXTRA float64=1)");
  CHECK(run("{{printf \"%10000010d\" 1}}") == "%!(NOVERB)%!(EXTRA int=1)");
  CHECK(run("{{printf \"%*d\" 1000001 1}}") == "%!(BADWIDTH)1");
  CHECK(run("{{printf \"%*d\" \"x\" 1}}") == "%!(BADWIDTH)1");
  CHECK(run("{{printf \"%.*d\" 1000001 1}}") == "%!(BADPREC)1");
  CHECK(run("{{printf \"%.*f\" -3 1.5}}") == "%!(BADPREC)1.500000");
  CHECK(run("{{printf \"%*d|\" -5 1}}") == "1    |");
  CHECK(run("{{printf \"%*d|\" 5 1}}") == "    1|");
  CHECK(run("{{printf \"%.*f\" 2 1.5}}") == "1.50");
  CHECK(run("{{printf \"%-05d|\" 3}}") == "3    |");
  // Within Go's bound, the long precision is produced in full (no fixed buffer).
  CHECK(run("{{printf \"%.1000f\" 1.0}}").size() == 1002);
}

TEST_CASE("range over a huge integer stops at once; empty rounds count as steps") {
  auto t0 = std::chrono::steady_clock::now();
  CHECK(error_of("{{range $i,$e := 1000000000}}{{end}}") ==
        "template: :1:17: executing \"\" at <1000000000>: range over 1000000000 exceeds the limit of 1000000 "
        "iterations");
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
  CHECK(run("{{range 3}}{{.}}{{end}}") == "012");
  // 1e6 empty rounds are fine; twenty loops of them reach the step limit.
  CHECK(run("{{range 1000000}}{{end}}x") == "x");
  std::string many;
  for (int i = 0; i < 21; ++i) many += "{{range 1000000}}{{end}}";
  CHECK(error_of(many).find("template execution exceeded 20000000 steps") != std::string::npos);
}

TEST_CASE("the total output is capped at 64 MiB, across the executions of one template") {
  CHECK(error_of("{{range 1000}}{{pad \"x\" 1000000 0}}{{end}}").find("template output exceeded 64 MiB") !=
        std::string::npos);
  Template t = Template::parse("{{pad .Name 1000000 0}}");
  int rows = 0;
  try {
    for (; rows < 1000; ++rows) t.execute(row());
  } catch (const TemplateExecError& e) {
    CHECK(std::string(e.what()).find("template output exceeded 64 MiB") != std::string::npos);
  }
  CHECK(rows == 67);
}

TEST_CASE("a function result over 16 MiB is an error calling that function") {
  CHECK(error_of("{{$x := pad \"x\" 1000000 0}}{{range 20}}{{$x = printf \"%s%s\" $x $x}}{{end}}")
            .find("error calling printf: result of ") != std::string::npos);
  CHECK(error_of("{{$x := pad \"x\" 1000000 0}}{{print $x $x $x $x $x $x $x $x $x $x $x $x $x $x $x $x $x $x}}")
            .find("error calling print: result of ") != std::string::npos);
  CHECK(error_of("{{split (printf \"%9999999d\" 1) \"\"}}") ==
        "template: :1:2: executing \"\" at <split (printf \"%9999999d\" 1) \"\">: error calling split: more than 100000 "
        "parts");
}

TEST_CASE("copying a long value around is charged by size") {
  auto t0 = std::chrono::steady_clock::now();
  CHECK(error_of("{{$x := printf \"%9999999d\" 1}}{{range 1000000}}{{$y := $x}}{{end}}")
            .find("template execution exceeded 20000000 steps") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
}

TEST_CASE("template calls nest at most 1000 deep; a doubling define ends at the step limit") {
  CHECK(error_of("{{define \"r\"}}{{template \"r\" .}}{{end}}{{template \"r\" .}}")
            .find("exceeded maximum template depth (1000)") != std::string::npos);
  // 22 levels of doubling: 4M calls of a legal template (12.9 GB before issue 9).
  std::string t = "{{define \"t0\"}}ab{{end}}";
  for (int i = 1; i <= 22; ++i)
    t += "{{define \"t" + std::to_string(i) + "\"}}{{template \"t" + std::to_string(i - 1) + "\" .}}{{template \"t" +
         std::to_string(i - 1) + "\" .}}{{end}}";
  t += "{{template \"t22\" .}}";
  std::string e = error_of(t);
  CHECK((e.find("exceeded 20000000 steps") != std::string::npos || e == "(no error)"));
}

TEST_CASE("copies of a large array are charged by their items, so they cannot fill memory") {
  CHECK(error_of("{{$p := split (printf \"%99999d\" 0) \"\"}}{{range 1000}}{{$x := slice $p 0}}{{end}}")
            .find("template execution exceeded 20000000 steps") != std::string::npos);
}
