# Shared by tests/compat/record (against the reference Docker engine) and tests/compat/replay
# (against docknet): reads one scenario and prints what each step printed, in one raw format that
# normalize.pl then turns into the golden text. The caller defines the backend:
#   docker ARGS...          the command under test (the docker client, or docknet)
#   container_run NAME NET [--no-ipv6] [--ip A] [--ip6 A] [--alias A] [-p SPEC]...   a container
#                           attached to NET (--no-ipv6: net.ipv6.conf.all.disable_ipv6=1 inside
#                           it; -p: a published port, `docker run -p` / `network connect -p`);
#                           prints "@run NAME NET -> ID" with the container's 64-hex id
#   container_rm NAME       the container gone (its endpoints with it)
#   container_exec NAME CMD...   CMD inside the container's network namespace (exit code compared)
#   container_netns NAME CMD...  CMD (the host's iproute2) inside the container's netns
#   host_exec CMD...        CMD in the namespace where the networks live (links, iptables)
#   compat_settle           waits until link states are final before @state is read
#   iptables_save / ip6tables_save   the rules, as iptables-save prints them
#
# Scenario syntax (tests/compat/scenarios/*.scn), one step per line:
#   $ SHELL-COMMAND        run; exit code, stdout and stderr are compared
#   @run NAME NET [FLAGS]  container NAME attached to NET (FLAGS: --no-ipv6 first, --ip, --ip6,
#                          --alias, -p SPEC; split at blanks, no quoting, no globbing)
#   @rm NAME               remove container NAME
#   @exec NAME CMD...      run CMD in NAME's netns; only success or failure is compared
#   @state                 the kernel state where the networks live: links, addresses, routes, rules
#   @cstate NAME           NAME's interfaces, addresses and routes
#   =29 FIELD TEXT         (after a $ step) Docker 29.7.2 prints TEXT where 28.5.2 differs; FIELD
#                          is exit, stdout or stderr; TEXT uses \n for newlines; `=29 FIELD`
#                          alone: 29 prints nothing there
#   #cite SOURCE           (with =29) the moby/cli v29 source line that shows it
#   # ...                  comment

# Lines of a file, each as "LABEL text", so a step's output can never be mistaken for the next step.
compat_block() { local label=$1 f=$2; if [ -s "$f" ]; then sed "s/^/$label /" "$f"; fi; }

# Link lines without ifindex, peer index and MAC (normalize.pl masks the rest).
compat_links() {
  "$@" ip -o link show | sed -E 's/^[0-9]+: //; s/@[^:]+:/:/; s/\\ +link\/.*//; s/ +$//' | sort
}
compat_addrs() {
  "$@" ip -o addr show | awk '$4 !~ /^fe80::/ {print $2, $3, $4}' | sort
}
compat_routes() {
  { "$@" ip -4 route show; "$@" ip -6 route show; } | sed -E '/^(fe80::\/64|multicast) /d; s/ +$//'
}

compat_state() {
  compat_settle
  echo "@state"
  compat_links host_exec | sed 's/^/link /'
  compat_addrs host_exec | sed 's/^/addr /'
  compat_routes host_exec | sed 's/^/route /'
  iptables_save | sed -E '/^#/d; s/\[[0-9]+:[0-9]+\]/[0:0]/; s/^/ipt /'
  ip6tables_save | sed -E '/^#/d; s/\[[0-9]+:[0-9]+\]/[0:0]/; s/^/ip6t /'
}

compat_cstate() {
  echo "@cstate $1"
  compat_links container_netns "$1" | sed 's/^/link /'
  compat_addrs container_netns "$1" | sed 's/^/addr /'
  compat_routes container_netns "$1" | sed 's/^/route /'
}

# Runs one shell step. In the recorder, COMPAT_29 (FIELD=TEXT lines from the scenario's =29 lines)
# replaces fields with Docker 29's text; an empty TEXT means the field is empty in 29.
compat_step() {
  local cmd=$1 tmp; tmp=$(mktemp -d)
  local rc=0
  ( eval "$cmd" ) </dev/null >"$tmp/out" 2>"$tmp/err" || rc=$?
  echo "\$ $cmd"
  echo "exit $rc" >"$tmp/exit"
  local out_label=out err_label=err line field text file
  if [ -n "${COMPAT_29:-}" ]; then
    echo "#29 cite $COMPAT_CITE"
    while IFS= read -r line; do
      field=${line%%=*} text=${line#*=}
      case $field in exit) file=$tmp/exit ;; stdout) file=$tmp/out ;; stderr) file=$tmp/err ;; esac
      sed "s/^/#29 28.5.2 $field: /" "$file"
      if [ "$field" = exit ]; then echo "exit $text" >"$file"
      elif [ -z "$text" ]; then : >"$file"
      else printf '%b\n' "$text" >"$file"; fi
      # An overridden field is labelled o29/e29 so inspect-28to29.pl leaves 29's text alone;
      # normalize.pl turns the labels back into out/err.
      [ "$field" != stdout ] || out_label=o29
      [ "$field" != stderr ] || err_label=e29
    done <<<"$COMPAT_29"
  fi
  cat "$tmp/exit"
  compat_block $out_label "$tmp/out"
  compat_block $err_label "$tmp/err"
  rm -rf "$tmp"
}

# Parses and runs scenario $1, printing the raw transcript.
compat_run() {
  local line pending="" overrides=()
  flush() {
    [ -n "$pending" ] || return 0
    local COMPAT_29="" COMPAT_CITE="" o
    for o in "${overrides[@]+"${overrides[@]}"}"; do
      case $o in
        "=29 exit "* | "=29 stdout" | "=29 stdout "* | "=29 stderr" | "=29 stderr "*)
          o=${o#=29 }
          local text=""
          [[ $o != *" "* ]] || text=${o#* }
          COMPAT_29+="${o%% *}=$text"$'\n' ;;
        "#cite "*) COMPAT_CITE=${o#\#cite } ;;
        *) echo "compat: bad =29 line: $o" >&2; return 2 ;;
      esac
    done
    COMPAT_29=${COMPAT_29%$'\n'}
    [ "${COMPAT_MODE:-}" = record ] || COMPAT_29=""
    compat_step "$pending"
    pending="" overrides=()
  }
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      '=29 '* | '=29' | '#cite '*) overrides+=("$line"); continue ;;
    esac
    flush
    case $line in
      '' | '#'*) ;;
      '$ '*) pending=${line#\$ } ;;
      '@run '*) set -f; set -- ${line#@run }; set +f; container_run "$@" ;;
      '@rm '*) echo "$line"; container_rm ${line#@rm } ;;
      '@exec '*)
        set -- ${line#@exec }
        local rc=0
        container_exec "$@" >/dev/null 2>&1 || rc=$?
        # Success or failure only: the reference's busybox and the host's iputils exit with
        # different codes for the same failure.
        if [ $rc = 0 ]; then echo "@exec $* -> ok"; else echo "@exec $* -> fails"; fi ;;
      '@state') compat_state ;;
      '@cstate '*) compat_cstate ${line#@cstate } ;;
      *) echo "compat: bad scenario line: $line" >&2; return 2 ;;
    esac
  done <"$1"
  flush
}
