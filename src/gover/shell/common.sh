# Pieces of gover's resolver that the shims' fast path shares with the full
# resolver (resolve.sh).  POSIX sh, builtins only; see resolve.sh for the variables
# these need.

# The bracket expressions hold blanks ($_gv_cr, $_gv_ws) as members: those
# expansions are patterns on purpose.
# shellcheck disable=SC2295
_gover_trim() {
  _gv_t=${1#"${1%%[!	 $_gv_cr]*}"}
  _gv_t=${_gv_t%"${_gv_t##*[!	 $_gv_cr]}"}
}

# GOWORK, GO111MODULE and GOTOOLCHAIN as cfg.Getenv sees them: the process, then the
# go env file.  _gv_gotcs is 1 when either sets GOTOOLCHAIN (the file may set it
# empty), _gv_gotcw says where (GOTOOLCHAIN, or FILE:LINE).
_gover_goenv() {
  _gv_gowork=${GOWORK-} _gv_go111=${GO111MODULE-} _gv_gotc=${GOTOOLCHAIN-} _gv_ef=
  _gv_gotcs='' _gv_gotcw=''
  [ -n "$_gv_gotc" ] && _gv_gotcs=1 _gv_gotcw=GOTOOLCHAIN
  [ -n "$_gv_gowork" ] && [ -n "$_gv_go111" ] && [ -n "$_gv_gotc" ] && return 0
  case ${GOENV-} in
  off) return 0;;
  '')
    if [ "$_gv_darwin" = 1 ]; then
      [ -n "${HOME-}" ] && _gv_ef="$HOME/Library/Application Support/go/env"
    else
      case ${XDG_CONFIG_HOME-} in
      /*) _gv_ef=$XDG_CONFIG_HOME/go/env;;
      '') [ -n "${HOME-}" ] && _gv_ef=$HOME/.config/go/env;;
      esac
    fi;;
  *) _gv_ef=$GOENV;;
  esac
  [ -n "$_gv_ef" ] && [ -f "$_gv_ef" ] && [ -r "$_gv_ef" ] || return 0
  _gv_fw='' _gv_fm='' _gv_ft='' _gv_ftl='' _gv_n=0
  while IFS= read -r _gv_l || [ -n "$_gv_l" ]; do
    _gv_n=$((_gv_n + 1))
    case $_gv_l in
    GOWORK=*) _gv_fw=${_gv_l#GOWORK=};;
    GO111MODULE=*) _gv_fm=${_gv_l#GO111MODULE=};;
    GOTOOLCHAIN=*) _gv_ft=${_gv_l#GOTOOLCHAIN=} _gv_ftl=$_gv_n;;
    esac
  done < "$_gv_ef"
  [ -n "$_gv_gowork" ] || _gv_gowork=$_gv_fw
  [ -n "$_gv_go111" ] || _gv_go111=$_gv_fm
  if [ -z "$_gv_gotc" ] && [ -n "$_gv_ftl" ]; then
    _gv_gotc=$_gv_ft _gv_gotcs=1 _gv_gotcw=$_gv_ef:$_gv_ftl
  fi
}

# --- module files (the shims parse this part only when they reach one) ---

# The bracket expressions hold blanks ($_gv_cr, $_gv_ws) as members: those
# expansions are patterns on purpose.
# shellcheck disable=SC2295
_gover_trimws() {
  _gv_t=${1#"${1%%[!$_gv_ws]*}"}
  _gv_t=${_gv_t%"${_gv_t##*[!$_gv_ws]}"}
}

# _gv_up = the nearest $1 (not a directory) at or above directory $2.
_gover_up() {
  _gv_u=$2
  while :; do
    if [ -e "$_gv_u/$1" ] && [ ! -d "$_gv_u/$1" ]; then _gv_up=$_gv_u/$1; return 0; fi
    [ -z "$_gv_u" ] && break
    _gv_u=${_gv_u%/*}
  done
  _gv_up=
  return 1
}

# The first go and toolchain lines (gover.GoModLookup), with their line numbers;
# 1 if the file cannot be read.
_gover_modread() {
  [ ! -d "$1" ] && [ -r "$1" ] || return 1
  _gv_go='' _gv_gol=0 _gv_tc='' _gv_tcl=0 _gv_n=0
  while IFS= read -r _gv_l || [ -n "$_gv_l" ]; do
    _gv_n=$((_gv_n + 1))
    # Trimming every line is the slow part; only lines that could match pay for it.
    case $_gv_l in
    *go[\ \	]*|*toolchain[\ \	]*)
      _gover_trimws "$_gv_l"
      case $_gv_t in
      go[\ \	]*)
        if [ "$_gv_gol" = 0 ]; then
          _gover_trimws "${_gv_t#go}"; _gv_x=${_gv_t%%//*}
          _gover_trimws "$_gv_x"; _gv_go=$_gv_t _gv_gol=$_gv_n
        fi;;
      toolchain[\ \	]*)
        if [ "$_gv_tcl" = 0 ]; then
          _gv_x=${_gv_t#toolchain}; _gv_x=${_gv_x%%//*}
          _gover_trimws "$_gv_x"; _gv_tc=$_gv_t _gv_tcl=$_gv_n
        fi;;
      esac;;
    esac
    [ "$_gv_gol" != 0 ] && [ "$_gv_tcl" != 0 ] && break
  done < "$1"
  return 0
}
