# The prompt hook shared by bash and zsh (POSIX sh, builtins only).  It never puts
# a version's bin/ on PATH: the shims stay first, so every `go` — typed here, run
# by make -C elsewhere, a subshell after a cd, an IDE task — resolves for the
# directory it runs in.  Before each prompt _gover_update resolves with resolve.sh
# and only keeps what the prompt needs: _GOVER_KEY (go1.22.10, system, or !<error>,
# for prompt themes), and, once per change, a line on stderr when the Go that runs
# here is not the one asked for, or when none can run.
#   _GOVER_SAID  what was reported last (exported, so a child shell does not repeat it)
# Shells started under an older gover hook may still carry its _GOVER_BIN PATH
# entry and _GOVER_ROOT GOROOT: both are taken back.

_gover_update() {
  _gover_resolve
  case $_gv_kind in
  version) _gv_key=$_gv_name;;
  system) _gv_key=system;;
  *) _gv_key="!$_gv_msg";;
  esac
  if [ -n "${_GOVER_BIN-}" ]; then
    _gover_unpath "$_GOVER_BIN"
    _GOVER_BIN=
    export _GOVER_BIN
  fi
  if [ -n "${_GOVER_ROOT-}" ]; then
    if [ "${GOROOT-}" = "$_GOVER_ROOT" ]; then
      if [ "${_GOVER_OLD_SET-0}" = 1 ]; then GOROOT=${_GOVER_OLD_ROOT-}; export GOROOT
      else unset GOROOT
      fi
    fi
    _GOVER_ROOT=
    export _GOVER_ROOT
  fi
  case $PATH in
  "$_gv_home/shims:"*|"$_gv_home/shims") ;;
  *) _gover_unpath "$_gv_home/shims"; PATH=$_gv_home/shims:$PATH; export PATH;;
  esac
  _GOVER_KEY=$_gv_key
  export _GOVER_KEY
  _gv_said="$_gv_key|$_gv_note"
  [ "$_gv_said" = "${_GOVER_SAID-}" ] && return 0
  _GOVER_SAID=$_gv_said
  export _GOVER_SAID
  if [ "$_gv_kind" = error ]; then
    printf 'gover: %s\n' "$_gv_msg" >&2
    [ -z "$_gv_hint" ] || printf '  %s\n' "$_gv_hint" >&2
  elif [ -n "$_gv_note" ]; then
    printf 'gover: %s\n' "$_gv_note" >&2
    [ -z "$_gv_pref" ] || printf '  run: gover install %s (or set GOVER_AUTO_INSTALL=1)\n' "$_gv_pref" >&2
  fi
}

# Take every $1 entry off PATH.
_gover_unpath() {
  _gv_p=:$PATH:
  while :; do
    case $_gv_p in
    *":$1:"*) _gv_p=${_gv_p%%":$1:"*}:${_gv_p#*":$1:"};;
    *) break;;
    esac
  done
  _gv_p=${_gv_p#:}
  PATH=${_gv_p%:}
  export PATH
}

# `gover shell` changes this shell's GOVER_VERSION, so it has to run here.
gover() {
  if [ "${1-}" = shell ]; then
    shift
    _gv_out=$(GOVER_SHELL_HOOK=@SHELL@ @CMD@ shell "$@") || return
    eval "$_gv_out"
    _gover_hook
  elif [ -x "$_gv_home/shims/gover" ]; then
    # The front answers the everyday commands without starting Python (shell/front.sh).
    "$_gv_home/shims/gover" "$@"
  else
    @CMD@ "$@"
  fi
}

case ":$PATH:" in
*":$_gv_home/shims:"*) ;;
*) PATH=$_gv_home/shims:$PATH; export PATH;;
esac
