#pragma once
#include "cmd/output/value.hpp"
#include "lib/model/network.hpp"

namespace docknet::output {

/// `docker network inspect`'s object (API 1.52, Docker 29 field order, with Status). Struct
/// fields accept both the Go name (.ID, .AuxAddress) and the JSON name (.Id) in templates.
Value inspect_value(const model::Network& network);

/// The same data as docker's JSON decoded into a generic map (JSON names, empty fields omitted),
/// which docker's inspect falls back to when a template fails on the typed struct.
Value raw_value(const Value& typed);

/// The context `network ls --format` sees: .ID .Name .Driver .Scope .IPv4 .IPv6 .Internal
/// .Labels .CreatedAt and .Label "key" (keys alphabetical, as {{json .}} prints them).
Value list_row(const model::Network& network, bool no_trunc);
/// The same fields holding the column headers ("NETWORK ID", "NAME", ...).
Value list_header();

}  // namespace docknet::output
