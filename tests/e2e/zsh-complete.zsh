#!/usr/bin/zsh -f
# zsh-complete.zsh COMPLETIONS_DIR LINE: types LINE and a TAB into an interactive zsh (driven
# through zsh/zpty, with compinit and COMPLETIONS_DIR first in fpath) and prints the candidates
# the completion offered, one per line, as compadd received them (without a compset prefix).
# The shell runs in the current directory with the caller's environment (PATH, POSIXLY_CORRECT).
zmodload zsh/zpty || exit 2
dir=$1 line=$2
out=$(mktemp) || exit 2
zpty z zsh -f -i
zpty -w z "PS1='' PS2='' RPS1=''; unsetopt zle_bracketed_paste 2>/dev/null; fpath=(${(q)dir} \$fpath)"
zpty -w z "autoload -Uz compinit && compinit -u -D"
zpty -w z "zstyle ':completion:*' insert-tab false"
# Each compadd call's candidates go to the file; then the shell exits once completion is done.
zpty -w z "compadd() { local -a __h; builtin compadd -O __h \"\$@\"; (( \$#__h )) && print -rl -- \"\${(@)__h}\" >> ${(q)out}; builtin compadd \"\$@\"; }"
zpty -w z "comppostfuncs=(exit)"
zpty -w z "bindkey '^I' complete-word"
# Type the line only once the shell has run all of the above and waits at its prompt: on a loaded
# machine a line typed earlier can be taken while the shell is still setting up, and the TAB lost.
zpty -w z "print -r -- __ready__\${PWD+}"
ready=0
for i in {1..300}; do
  if zpty -r -t z got 2>/dev/null; then
    [[ $got == *__ready__* && $got != *'${PWD+}'* ]] && { ready=1; break; }
  else
    sleep 0.1
  fi
done
(( ready )) || { print -u2 "zsh-complete: the shell did not come up"; exit 2; }
zpty -w -n z "$line"$'\t'
# Read until the shell has exited (EOF), at most ~30 s (a loaded machine is slow).
for i in {1..300}; do
  zpty -t z 2>/dev/null || break
  zpty -r -t z junk 2>/dev/null || sleep 0.1
done
zpty -d z 2>/dev/null
sort -u $out
rm -f $out
