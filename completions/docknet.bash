# bash completion for docknet: subcommands, flags, network names, filter keys and values.
# Safety: the only program this runs is the docknet the user typed (COMP_WORDS[0]), and only its
# read-only queries (`network ls`, `__completeNoDesc`), with the line's --root passed through.
# Dynamic names never go through compgen -W (which expands `$(...)` in its word list): they are
# matched as plain strings and offered shell-quoted.

# Safe in bash 4.4 and in POSIX mode: no process substitution (bash < 5.1 has none in POSIX
# mode); lists are passed as text ("$(...)") and read from a here-string.

# The candidates in $2 (one a line) that start with $cur, each quoted for the command line,
# prefixed by $1.
_docknet_offer() {
  local pre=$1 line val=${cur#"$1"}
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    case $line in :*) continue ;; esac  # the __complete directive line
    [[ $line == "$val"* ]] || continue
    if [[ $line == *[!A-Za-z0-9_.:/=@%+,-]* ]]; then line=$(printf '%q' "$line"); fi
    COMPREPLY+=("$pre$line")
  done <<<"$2"
}

# A leading ~, ~/..., ~user or ~user/... expanded as bash would, into REPLY; without eval: the
# user name must be a plain one, and its home comes from the passwd database (getent).
_docknet_tilde() {
  local p=$1 user home
  REPLY=$p
  case $p in
    "~" | "~/"*) REPLY=$HOME${p#"~"} ;;
    "~+" | "~+/"*) REPLY=$PWD${p#"~+"} ;;
    "~-" | "~-/"*) [ -n "${OLDPWD-}" ] && REPLY=$OLDPWD${p#"~-"} ;;
    "~"*)
      user=${p%%/*}; user=${user#"~"}
      [[ $user =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*[$]?$ ]] || return 0
      home=$(getent passwd -- "$user" 2>/dev/null) || return 0
      home=${home#*:*:*:*:*:}; home=${home%%:*}
      [ -n "$home" ] && REPLY=$home${p#"~$user"} ;;
  esac
}

# docknet as typed, with the line's --root: the query prefix for every dynamic list.
_docknet_query() {
  local REPLY
  _docknet_tilde "${COMP_WORDS[0]}"
  "$REPLY" "${_docknet_root[@]}" "$@" 2>/dev/null </dev/null
}

# The network names, one a line ($1: a --filter). Asked as "ID NAME ID" and kept only when a
# line starts and ends with the same full ID: a name holding a newline comes out as pieces that
# are not names and are dropped, as is a name with any other control character (a tab).
_docknet_networks() {
  local filter=$1 line id rest
  while IFS= read -r line; do
    id=${line%% *} rest=${line#* }
    [[ ${#id} -eq 64 && $id != *[!0-9a-f]* && $rest == *" $id" ]] || continue
    rest=${rest%" $id"}
    [[ -z $rest || $rest == *[[:cntrl:]]* ]] || printf '%s\n' "$rest"
  done <<<"$(_docknet_query network ls --no-trunc --format '{{.ID}} {{.Name}} {{.ID}}' ${filter:+--filter "$filter"})"
}

# Directories for --root and --config: bash quotes them (-o filenames), one candidate a line
# (never split at blanks nor expanded as globs); a line that is not a directory is a piece of a
# name holding a newline and is dropped.
_docknet_dirs() {
  local d REPLY
  compopt -o filenames 2>/dev/null
  while IFS= read -r d; do
    _docknet_tilde "$d"  # compgen keeps a typed ~ in what it prints
    [ -n "$d" ] && [ -d "$REPLY" ] && COMPREPLY+=("$d")
  done <<<"$(compgen -d -- "$cur")"
}

# The driver the create line chose, in any spelling: -d X, -dX, -d=X, --driver X, --driver=X.
_docknet_driver() {
  local driver=bridge i
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in
      -d|--driver) driver=${words[i + 1]} ;;
      --driver=*) driver=${words[i]#--driver=} ;;
      -d=*) driver=${words[i]#-d=} ;;
      -d?*) driver=${words[i]#-d} ;;
    esac
  done
  echo "$driver"
}

# -o for create: the chosen driver's keys, then the values a key takes (links for parent=).
# $1 is what precedes the key in the current word ("--opt=", "-o" or nothing).
_docknet_create_opts() {
  local pre=$1 opt=${cur#"$1"} driver gw="nat nat-unprotected routed isolated" keys values=""
  driver=$(_docknet_driver)
  case $opt in
    parent=*)
      local l
      # The links of this network namespace (/proc/net/dev is per namespace; /sys may not be).
      _docknet_offer "${pre}parent=" "$(while IFS=: read -r l _; do l=${l// /}; [[ $l == *\|* ]] || echo "$l"; done </proc/net/dev)"
      return ;;
    macvlan_mode=*) values="bridge private vepa passthru" ;;
    ipvlan_mode=*) values="l2 l3 l3s" ;;
    ipvlan_flag=*) values="bridge private vepa" ;;
    *.gateway_mode_ipv[46]=*) values=$gw ;;
    *.enable_icc=*|*.enable_ip_masquerade=*|*.inhibit_ipv4=*) values="true false" ;;
  esac
  if [ -n "$values" ]; then
    COMPREPLY=($(compgen -P "$pre${opt%%=*}=" -W "$values" -- "${opt#*=}"))
    return
  fi
  case $driver in
    macvlan) keys="parent= macvlan_mode=" ;;
    ipvlan) keys="parent= ipvlan_mode= ipvlan_flag=" ;;
    overlay) keys="com.docker.network.driver.overlay.vxlanid_list= com.docker.network.driver.mtu=" ;;
    *) keys="com.docker.network.bridge.name= com.docker.network.bridge.enable_icc= com.docker.network.bridge.enable_ip_masquerade= com.docker.network.bridge.host_binding_ipv4= com.docker.network.bridge.inhibit_ipv4= com.docker.network.bridge.gateway_mode_ipv4= com.docker.network.bridge.gateway_mode_ipv6= com.docker.network.driver.mtu= com.docker.network.host_ipv4= com.docker.network.host_ipv6= com.docker.network.container_iface_prefix=" ;;
  esac
  COMPREPLY=($(compgen -P "$pre" -W "$keys" -- "$opt"))
  compopt -o nospace 2>/dev/null
}

# --filter for ls: the keys, then after KEY= its values (network names, IDs, drivers, ...).
_docknet_filter_values() {
  local pre=$1 f=${cur#"$1"}
  case $f in
    name=*) _docknet_offer "${pre}name=" "$(_docknet_networks)" ;;
    id=*) _docknet_offer "${pre}id=" "$(_docknet_query network ls -q --no-trunc)" ;;
    driver=*) COMPREPLY=($(compgen -P "${pre}driver=" -W "bridge host ipvlan macvlan null overlay" -- "${f#*=}")) ;;
    scope=*) COMPREPLY=($(compgen -P "${pre}scope=" -W "local swarm global" -- "${f#*=}")) ;;
    type=*) COMPREPLY=($(compgen -P "${pre}type=" -W "builtin custom" -- "${f#*=}")) ;;
    dangling=*) COMPREPLY=($(compgen -P "${pre}dangling=" -W "true false" -- "${f#*=}")) ;;
    label=*) ;;
    *) COMPREPLY=($(compgen -P "$pre" -W "dangling= driver= id= label= name= scope= type=" -- "$f"))
       compopt -o nospace 2>/dev/null ;;
  esac
}

# Bash splits "key=value" at '=' (COMP_WORDBREAKS): glue the words back (words/cword), complete
# the glued word whole, then hand bash only the part after the last '=' it already has.
_docknet() {
  local -a words=() _docknet_root=()
  local cword=0 i w glue=0 cur prev
  for ((i = 0; i <= COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    if [ "$w" = "=" ] && [ ${#words[@]} -gt 1 ]; then
      words[${#words[@]} - 1]+="="; glue=1
    elif [ $glue = 1 ]; then
      words[${#words[@]} - 1]+="$w"; glue=0
    else
      words+=("$w")
    fi
  done
  cword=$((${#words[@]} - 1))
  cur=${words[cword]}
  prev=${words[cword - 1]}
  # --root DIR (or --root=DIR) on the line: every query reads that state.
  # Passed as one word, and only when it names an existing directory: an empty or half-typed
  # value must never shift the query's words nor make docknet create a state directory.
  local root_dir=
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in
      --root) ((i + 1 < cword)) && root_dir=${words[i + 1]} ;;
      --root=*) root_dir=${words[i]#--root=} ;;
    esac
  done
  local REPLY
  _docknet_tilde "$root_dir"; root_dir=$REPLY
  [[ -n $root_dir && -d $root_dir ]] && _docknet_root=("--root=$root_dir")
  COMPREPLY=()
  _docknet_complete
  if [ "$cur" != "${COMP_WORDS[COMP_CWORD]}" ] && [[ $cur == *=* ]]; then
    local done_part="${cur%=*}="
    COMPREPLY=("${COMPREPLY[@]#"$done_part"}")
  fi
}

_docknet_complete() {
  local i=1 cmd="" network_word=""
  while [ $i -lt $cword ]; do
    case ${words[i]} in
      --root|-l|--log-level|-H|--host|-c|--context|--config|--tlscacert|--tlscert|--tlskey) i=$((i + 2)); continue ;;
      network) [ -n "$network_word" ] && { cmd=network; break; }; network_word=1 ;;
      -*) ;;
      *) cmd=${words[i]}; break ;;
    esac
    i=$((i + 1))
  done
  local commands="check connect create disconnect inspect ls list prune reconcile restore rm remove"
  [ -n "$network_word" ] || commands="network $commands node port version"
  if [ -z "$cmd" ]; then
    case $prev in
      --root|--config) _docknet_dirs; return ;;
      -l|--log-level) COMPREPLY=($(compgen -W "debug info warn error fatal" -- "$cur")); return ;;
      -c|--context) COMPREPLY=($(compgen -W "default" -- "$cur")); return ;;
      -H|--host|--tlscacert|--tlscert|--tlskey) COMPREPLY=(); return ;;
    esac
    COMPREPLY=($(compgen -W "$commands -D --debug --root -l --log-level -H --host -c --context --config --tls --tlsverify --tlscacert --tlscert --tlskey --help --version" -- "$cur"))
    return
  fi
  case $cmd in
    ls|list)
      case $prev in
        -f|--filter) _docknet_filter_values ""; return ;;
        --format) COMPREPLY=($(compgen -W "table json '{{.ID}}' '{{.Name}}'" -- "$cur")); return ;;
      esac
      case $cur in
        --filter=*) _docknet_filter_values --filter=; return ;;
        -f?*) _docknet_filter_values -f; return ;;
      esac
      COMPREPLY=($(compgen -W "--filter -f --format --no-trunc --quiet -q --help" -- "$cur")) ;;
    create)
      case $prev in
        -d|--driver) COMPREPLY=($(compgen -W "bridge ipvlan macvlan overlay" -- "$cur")); return ;;
        -o|--opt) _docknet_create_opts ""; return ;;
        --ipam-driver) COMPREPLY=($(compgen -W "default" -- "$cur")); return ;;
        --scope) COMPREPLY=($(compgen -W "local" -- "$cur")); return ;;
        --config-from) _docknet_offer "" "$(_docknet_networks)"; return ;;
        --subnet|--gateway|--ip-range|--aux-address|--label|--ipam-opt) return ;;
      esac
      case $cur in
        --opt=*) _docknet_create_opts --opt=; return ;;
        -o?*) _docknet_create_opts -o; return ;;
        --driver=*) COMPREPLY=($(compgen -P --driver= -W "bridge ipvlan macvlan overlay" -- "${cur#--driver=}")); return ;;
      esac
      COMPREPLY=($(compgen -W "--attachable --aux-address --config-from --config-only --driver -d --gateway --ingress --internal --ip-range --ipam-driver --ipam-opt --ipv4 --ipv6 --label --opt -o --scope --subnet --help" -- "$cur")) ;;
    inspect)
      case $prev in
        -f|--format) COMPREPLY=($(compgen -W "json '{{json .}}'" -- "$cur")); return ;;
      esac
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--format -f --verbose -v --help" -- "$cur"))
      else
        _docknet_offer "" "$(_docknet_networks)"
      fi ;;
    rm|remove)
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--force -f --help" -- "$cur"))
      else
        _docknet_offer "" "$(_docknet_networks type=custom)"
      fi ;;
    connect|disconnect)
      case $prev in
        --ip|--ip6|--alias|--link|--link-local-ip|--gw-priority|-p|--publish) return ;;
        --driver-opt) COMPREPLY=($(compgen -W "com.docker.network.endpoint.ifname= com.docker.network.endpoint.sysctls=" -- "$cur")); compopt -o nospace 2>/dev/null; return ;;
      esac
      if [[ $cur == -* ]]; then
        if [ "$cmd" = connect ]; then
          COMPREPLY=($(compgen -W "--alias --driver-opt --gw-priority --ip --ip6 --link --link-local-ip --publish -p --help" -- "$cur"))
        else
          COMPREPLY=($(compgen -W "--force -f --help" -- "$cur"))
        fi
        return
      fi
      # The first argument is a network, the second a container (a named network namespace):
      # docknet says which (`__complete`): for connect those not on the network, for disconnect
      # those on it.
      local -a args=()
      local j=$((i + 1))
      while [ $j -lt $cword ]; do
        case ${words[j]} in
          --ip|--ip6|--alias|--link|--link-local-ip|--gw-priority|--driver-opt|-p|--publish) j=$((j + 1)) ;;
          -*) ;;
          *) args+=("${words[j]}") ;;
        esac
        j=$((j + 1))
      done
      if [ ${#args[@]} -eq 0 ]; then
        _docknet_offer "" "$(_docknet_networks)"
      elif [ ${#args[@]} -eq 1 ]; then
        _docknet_offer "" "$(_docknet_query __completeNoDesc network "$cmd" "${args[0]}" '')"
      fi ;;
    version)
      case $prev in
        -f|--format) COMPREPLY=($(compgen -W "json" -- "$cur")); return ;;
      esac
      COMPREPLY=($(compgen -W "--format -f --help" -- "$cur")) ;;
    port)
      # docknet port CONTAINER [PRIVATE_PORT[/PROTO]]: the containers that publish a port.
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--help" -- "$cur"))
      elif [ $((cword - i)) -eq 1 ]; then
        _docknet_offer "" "$(_docknet_query __completeNoDesc port '')"
      fi ;;
    check)
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--repair --help" -- "$cur"))
      else
        _docknet_offer "" "$(_docknet_networks)"
      fi ;;
    reconcile)
      COMPREPLY=($(compgen -W "--watch --help" -- "$cur")) ;;
    node)
      # docknet node ls | rm HOST...: rm offers the cluster's other hosts (__complete asks the
      # cluster store), less those already on the line.
      if [ $((cword - i)) -eq 1 ]; then
        COMPREPLY=($(compgen -W "ls list rm remove" -- "$cur"))
      elif [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--help" -- "$cur"))
      else
        case ${words[i + 1]} in
          rm|remove)
            local -a typed=()
            local j
            for ((j = i + 2; j < cword; j++)); do [[ ${words[j]} == -* ]] || typed+=("${words[j]}"); done
            _docknet_offer "" "$(_docknet_query __completeNoDesc node rm "${typed[@]}" '')" ;;
        esac
      fi ;;
    prune)
      case $prev in
        --filter) COMPREPLY=($(compgen -W "until= label= label!=" -- "$cur")); compopt -o nospace 2>/dev/null; return ;;
      esac
      COMPREPLY=($(compgen -W "--filter --force -f --help" -- "$cur")) ;;
  esac
}

complete -F _docknet docknet
