#pragma once
#include "cmd/output/value.hpp"
#include "lib/model/network.hpp"

namespace docknet::output {

/// `docker network inspect`'s object (API 1.52, Docker 29 field order, with Status). Struct
/// fields accept both the Go name (.ID, .AuxAddress) and the JSON name (.Id) in templates.
Value inspect_value(const model::Network& network);

/// The context `network ls --format` sees: .ID .Name .Driver .Scope .IPv4 .IPv6 .Internal
/// .Labels .CreatedAt and .Label "key" (keys alphabetical, as {{json .}} prints them).
Value list_row(const model::Network& network, bool no_trunc);
/// The same fields holding the column headers ("NETWORK ID", "NAME", ...).
Value list_header();

}  // namespace docknet::output
