# The prompt hook shared by bash and zsh (POSIX sh, builtins only).  Before each
# prompt _gover_update resolves the Go version with resolve.sh and, only when the
# result changed, puts that version's bin/ first on PATH and sets GOROOT, so `go`
# runs with no shim at all; leaving (system, or an error) takes the entry off PATH
# and restores the GOROOT that was there before.  The state lives in exported
# variables so a child shell knows what its parent put on PATH:
#   _GOVER_KEY   what was resolved last (go1.22.10, system, or !<error>)
#   _GOVER_BIN   the PATH entry gover added      _GOVER_ROOT  the GOROOT gover set
#   _GOVER_OLD_SET / _GOVER_OLD_ROOT              the GOROOT to restore

_gover_update() {
  _gover_resolve
  case $_gv_kind in
  version) _gv_key=$_gv_name;;
  system) _gv_key=system;;
  *) _gv_key="!$_gv_msg";;
  esac
  [ "$_gv_key" = "${_GOVER_KEY-}" ] && return 0
  if [ -n "${_GOVER_BIN-}" ]; then
    _gv_p=:$PATH:
    while :; do
      case $_gv_p in
      *":$_GOVER_BIN:"*) _gv_p=${_gv_p%%":$_GOVER_BIN:"*}:${_gv_p#*":$_GOVER_BIN:"};;
      *) break;;
      esac
    done
    _gv_p=${_gv_p#:}
    PATH=${_gv_p%:}
    _GOVER_BIN=
  fi
  if [ "$_gv_kind" = version ]; then
    if [ -z "${_GOVER_ROOT-}" ] || [ "${GOROOT-}" != "$_GOVER_ROOT" ]; then
      if [ -n "${GOROOT+x}" ]; then _GOVER_OLD_SET=1 _GOVER_OLD_ROOT=$GOROOT
      else _GOVER_OLD_SET=0 _GOVER_OLD_ROOT=
      fi
    fi
    _GOVER_ROOT=$_gv_home/versions/$_gv_name
    _GOVER_BIN=$_GOVER_ROOT/bin
    GOROOT=$_GOVER_ROOT
    PATH=$_GOVER_BIN:$PATH
    export GOROOT _GOVER_ROOT _GOVER_OLD_SET _GOVER_OLD_ROOT
  else
    if [ -n "${_GOVER_ROOT-}" ] && [ "${GOROOT-}" = "$_GOVER_ROOT" ]; then
      if [ "${_GOVER_OLD_SET-0}" = 1 ]; then GOROOT=${_GOVER_OLD_ROOT-}; export GOROOT
      else unset GOROOT
      fi
    fi
    _GOVER_ROOT=
    if [ "$_gv_kind" = error ]; then
      printf 'gover: %s\n' "$_gv_msg" >&2
      [ -z "$_gv_hint" ] || printf '  %s\n' "$_gv_hint" >&2
    fi
  fi
  _GOVER_KEY=$_gv_key
  export PATH _GOVER_KEY _GOVER_BIN _GOVER_ROOT
}

# `gover shell` changes this shell's GOVER_VERSION, so it has to run here.
gover() {
  if [ "${1-}" = shell ]; then
    shift
    _gv_out=$(GOVER_SHELL_HOOK=@SHELL@ @CMD@ shell "$@") || return
    eval "$_gv_out"
    _gover_hook
  else
    @CMD@ "$@"
  fi
}

case ":$PATH:" in
*":$_gv_home/shims:"*) ;;
*) PATH=$_gv_home/shims:$PATH; export PATH;;
esac
