# bash completion for docknet: subcommands, flags, network names, filter keys and values.
# Network names come from `docknet network ls`, which reads local YAML (no daemon, instant).

# -o for create: the chosen driver's keys, then the values a key takes (links for parent=).
_docknet_create_opts() {
  local driver=bridge i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -d|--driver) driver=${COMP_WORDS[i + 1]} ;;
      --driver=*) driver=${COMP_WORDS[i]#--driver=} ;;
    esac
  done
  local gw="nat nat-unprotected routed isolated" keys
  case $cur in
    parent=*) COMPREPLY=($(compgen -P parent= -W "$(ip -o link show 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); print $2}')" -- "${cur#parent=}")); return ;;
    macvlan_mode=*) COMPREPLY=($(compgen -P macvlan_mode= -W "bridge private vepa passthru" -- "${cur#*=}")); return ;;
    ipvlan_mode=*) COMPREPLY=($(compgen -P ipvlan_mode= -W "l2 l3 l3s" -- "${cur#*=}")); return ;;
    ipvlan_flag=*) COMPREPLY=($(compgen -P ipvlan_flag= -W "bridge private vepa" -- "${cur#*=}")); return ;;
    *.gateway_mode_ipv[46]=*) COMPREPLY=($(compgen -P "${cur%%=*}=" -W "$gw" -- "${cur#*=}")); return ;;
  esac
  case $driver in
    macvlan) keys="parent= macvlan_mode=" ;;
    ipvlan) keys="parent= ipvlan_mode= ipvlan_flag=" ;;
    *) keys="com.docker.network.bridge.name= com.docker.network.bridge.enable_icc= com.docker.network.bridge.enable_ip_masquerade= com.docker.network.bridge.host_binding_ipv4= com.docker.network.bridge.inhibit_ipv4= com.docker.network.bridge.gateway_mode_ipv4= com.docker.network.bridge.gateway_mode_ipv6= com.docker.network.driver.mtu= com.docker.network.host_ipv4= com.docker.network.host_ipv6= com.docker.network.container_iface_prefix=" ;;
  esac
  COMPREPLY=($(compgen -W "$keys" -- "$cur"))
  compopt -o nospace 2>/dev/null
}

_docknet_networks() {
  local filter=$1
  "${COMP_WORDS[0]}" network ls --format '{{.Name}}' ${filter:+--filter "$filter"} 2>/dev/null
}

# Bash splits "key=value" at '=' (COMP_WORDBREAKS): join the word back, complete it whole, then
# hand bash only the part after the last '=' it already has.
_docknet() {
  local cur prev joined=""
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  if [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 3 ]; then
    cur="${COMP_WORDS[COMP_CWORD-2]}=$cur"; prev=${COMP_WORDS[COMP_CWORD-3]}; joined=1
  elif [ "$cur" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
    cur="${COMP_WORDS[COMP_CWORD-1]}="; prev=${COMP_WORDS[COMP_CWORD-2]}; joined=1
  fi
  _docknet_complete
  if [ -n "$joined" ]; then
    local done_part="${cur%=*}="
    COMPREPLY=("${COMPREPLY[@]#"$done_part"}")
  fi
}

_docknet_complete() {
  local i=1 cmd="" network_word=""
  while [ $i -lt $COMP_CWORD ]; do
    case ${COMP_WORDS[i]} in
      --root|-l|--log-level|-H|--host|-c|--context|--config|--tlscacert|--tlscert|--tlskey) i=$((i + 2)); continue ;;
      network) network_word=1 ;;
      -*) ;;
      *) cmd=${COMP_WORDS[i]}; break ;;
    esac
    i=$((i + 1))
  done
  local commands="check connect create disconnect inspect ls list prune rm remove"
  [ -n "$network_word" ] || commands="$commands version"
  if [ -z "$cmd" ]; then
    case $prev in
      --root|--config) COMPREPLY=($(compgen -d -- "$cur")); return ;;
      -l|--log-level) COMPREPLY=($(compgen -W "debug info warn error fatal" -- "$cur")); return ;;
      -c|--context) COMPREPLY=($(compgen -W "default" -- "$cur")); return ;;
      -H|--host|--tlscacert|--tlscert|--tlskey) COMPREPLY=(); return ;;
    esac
    COMPREPLY=($(compgen -W "network $commands -D --debug --root -l --log-level -H --host -c --context --config --tls --tlsverify --tlscacert --tlscert --tlskey --help --version" -- "$cur"))
    return
  fi
  case $cmd in
    ls|list)
      case $prev in
        -f|--filter)
          COMPREPLY=($(compgen -W "dangling=true dangling=false driver= id= label= name= scope=local type=builtin type=custom" -- "$cur"))
          compopt -o nospace 2>/dev/null
          return ;;
        --format) COMPREPLY=($(compgen -W "table json '{{.ID}}' '{{.Name}}'" -- "$cur")); return ;;
      esac
      COMPREPLY=($(compgen -W "--filter -f --format --no-trunc --quiet -q --help" -- "$cur")) ;;
    create)
      case $prev in
        -d|--driver) COMPREPLY=($(compgen -W "bridge ipvlan macvlan" -- "$cur")); return ;;
        -o|--opt)
          _docknet_create_opts
          return ;;
        --ipam-driver) COMPREPLY=($(compgen -W "default" -- "$cur")); return ;;
        --scope) COMPREPLY=($(compgen -W "local" -- "$cur")); return ;;
        --config-from) COMPREPLY=($(compgen -W "$(_docknet_networks)" -- "$cur")); return ;;
        --subnet|--gateway|--ip-range|--aux-address|--label|--ipam-opt) return ;;
      esac
      COMPREPLY=($(compgen -W "--attachable --aux-address --config-from --config-only --driver -d --gateway --ingress --internal --ip-range --ipam-driver --ipam-opt --ipv4 --ipv6 --label --opt -o --scope --subnet --help" -- "$cur")) ;;
    inspect)
      case $prev in
        -f|--format) COMPREPLY=($(compgen -W "json '{{json .}}'" -- "$cur")); return ;;
      esac
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--format -f --verbose -v --help" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "$(_docknet_networks)" -- "$cur"))
      fi ;;
    rm|remove)
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--force -f --help" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "$(_docknet_networks type=custom)" -- "$cur"))
      fi ;;
    connect|disconnect)
      case $prev in
        --ip|--ip6|--alias|--link|--link-local-ip|--gw-priority) return ;;
        --driver-opt) COMPREPLY=($(compgen -W "com.docker.network.endpoint.ifname= com.docker.network.endpoint.sysctls=" -- "$cur")); compopt -o nospace 2>/dev/null; return ;;
      esac
      if [[ $cur == -* ]]; then
        if [ "$cmd" = connect ]; then
          COMPREPLY=($(compgen -W "--alias --driver-opt --gw-priority --ip --ip6 --link --link-local-ip --help" -- "$cur"))
        else
          COMPREPLY=($(compgen -W "--force -f --help" -- "$cur"))
        fi
        return
      fi
      # The first argument is a network, the second a container (a named network namespace).
      local args=0 j=$((i + 1))
      while [ $j -lt $COMP_CWORD ]; do
        case ${COMP_WORDS[j]} in
          --ip|--ip6|--alias|--link|--link-local-ip|--gw-priority|--driver-opt) j=$((j + 1)) ;;
          -*) ;;
          *) args=$((args + 1)) ;;
        esac
        j=$((j + 1))
      done
      if [ $args -eq 0 ]; then
        COMPREPLY=($(compgen -W "$(_docknet_networks)" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "$(ip netns list 2>/dev/null | awk '{print $1}')" -- "$cur"))
      fi ;;
    version)
      case $prev in
        -f|--format) COMPREPLY=($(compgen -W "json" -- "$cur")); return ;;
      esac
      COMPREPLY=($(compgen -W "--format -f --help" -- "$cur")) ;;
    check)
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--repair --help" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "$(_docknet_networks)" -- "$cur"))
      fi ;;
    prune)
      case $prev in
        --filter) COMPREPLY=($(compgen -W "until= label= label!=" -- "$cur")); compopt -o nospace 2>/dev/null; return ;;
      esac
      COMPREPLY=($(compgen -W "--filter --force -f --help" -- "$cur")) ;;
  esac
}

complete -F _docknet docknet
