# gover's version resolution in POSIX sh, shell builtins only: no subshells, no
# command substitution, no external commands.  The same rules as
# gover/resolve/*.py; tests run one table of layouts through both.
#
# Needs common.sh and pick.sh, and (set by the shim header or the hook snippet):
#   _gv_home  GOVER_HOME          _gv_darwin  1 on macOS (go env file location)
#   _gv_cr    a CR                _gv_ws      space, tab, CR, VT, FF
#   _gv_bom   a UTF-8 BOM
# _gover_resolve sets _gv_kind (version|system|error), _gv_name (go1.22.10|system),
# _gv_where (what set it: FILE:LINE, GOVER_VERSION or GOTOOLCHAIN), on error _gv_msg,
# _gv_hint and _gv_install (what `gover install` would take, when not installed), and
# _gv_note/_gv_pref when the release asked for is not the one that runs (Resolution.note
# and .preferred in Python).
# Every variable starts with _gv_ and every function with _gover_, because bash
# and zsh load these into the user's interactive shell.

# --- the default: GOVER_VERSION, .go-version/.tool-versions walking up, global, system ---

# A spec $1 found at $_gv_where becomes the default (_gv_dname, _gv_dver, _gv_droot,
# _gv_dwhere); 1 after _gover_fail when it is invalid or not installed.
_gover_dspec() {
  _gover_pick "$1"
  case $? in
  0)
    _gv_dwhere=$_gv_where
    if [ "$_gv_name" = system ]; then _gv_dname=system _gv_dsys=0; return 0; fi
    _gv_dname=$_gv_name _gv_dver=${_gv_name#go} _gv_droot=$_gv_home/versions/$_gv_name
    return 0;;
  1) _gover_fail "$_gv_missing (set by $_gv_where)" "run: gover install $_gv_install" "$_gv_install";;
  *) _gover_fail "$_gv_where: invalid version \"$1\": expected 1.22.10, go1.22.10, 1.22, latest or system";;
  esac
  return 1
}

_gover_unreadable() {
  if [ -d "$1" ]; then _gover_fail "cannot read $1: Is a directory"; return 0; fi
  if [ ! -r "$1" ]; then _gover_fail "cannot read $1: Permission denied"; return 0; fi
  return 1
}

# .go-version or the global file: one value; blank and # lines skipped.
_gover_vfile() {
  _gover_unreadable "$1" && return 1
  _gv_val='' _gv_n=0 _gv_line=0
  while IFS= read -r _gv_l || [ -n "$_gv_l" ]; do
    _gv_n=$((_gv_n + 1))
    [ "$_gv_n" = 1 ] && _gv_l=${_gv_l#"$_gv_bom"}
    _gover_trim "$_gv_l"
    case $_gv_t in ''|'#'*) continue;; esac
    if [ -n "$_gv_val" ]; then
      _gover_fail "$1:$_gv_n: unexpected second version \"$_gv_t\" (the file holds one version)"
      return 1
    fi
    _gv_val=$_gv_t _gv_line=$_gv_n
  done < "$1"
  if [ -z "$_gv_val" ]; then
    _gover_fail "$1: no version found: expected 1.22.10, go1.22.10, 1.22, latest or system"
    return 1
  fi
  _gv_where=$1:$_gv_line
  _gover_dspec "$_gv_val"
}

# .tool-versions: the first golang/go line; later versions on it are fallbacks.
# Returns 2 when the file has no such line.
# The bracket expressions hold blanks ($_gv_cr, $_gv_ws) as members: those
# expansions are patterns on purpose.
# shellcheck disable=SC2295
_gover_tvfile() {
  _gover_unreadable "$1" && return 1
  _gv_n=0
  while IFS= read -r _gv_l || [ -n "$_gv_l" ]; do
    _gv_n=$((_gv_n + 1))
    [ "$_gv_n" = 1 ] && _gv_l=${_gv_l#"$_gv_bom"}
    _gv_l=${_gv_l%%"#"*}
    _gover_trim "$_gv_l"
    _gv_w=${_gv_t%%[	 $_gv_cr]*}
    case $_gv_w in golang|go) ;; *) continue;; esac
    _gover_trim "${_gv_t#"$_gv_w"}"
    _gv_rest=$_gv_t
    if [ -z "$_gv_rest" ]; then _gover_fail "$1:$_gv_n: no version after \"$_gv_w\""; return 1; fi
    _gv_where=$1:$_gv_n _gv_first=
    while [ -n "$_gv_rest" ]; do
      _gv_w=${_gv_rest%%[	 $_gv_cr]*}
      _gover_trim "${_gv_rest#"$_gv_w"}"
      _gv_rest=$_gv_t
      _gover_pick "$_gv_w"
      case $? in
      1) [ -n "$_gv_first" ] || _gv_first=$_gv_w;;
      *) _gover_dspec "$_gv_w"; return;;
      esac
    done
    _gover_dspec "$_gv_first"
    return
  done < "$1"
  return 2
}

# The default → _gv_dname (go1.22.10 or system), _gv_dver (its version, "" when
# unknown), _gv_droot (its GOROOT) and _gv_dwhere; 1 after _gover_fail.  For system
# the version and GOROOT are looked up only when needed (_gover_dsysinfo).
_gover_default() {
  _gv_dname='' _gv_dver='' _gv_droot='' _gv_dwhere='' _gv_dsys=1 _gv_dnone=
  _gover_trim "${GOVER_VERSION-}"
  if [ -n "$_gv_t" ]; then
    _gv_where=GOVER_VERSION
    _gover_dspec "$_gv_t"
    return
  fi
  _gv_d=${PWD%/}
  while :; do
    if [ -f "$_gv_d/.go-version" ]; then _gover_vfile "$_gv_d/.go-version"; return; fi
    if [ -f "$_gv_d/.tool-versions" ]; then
      _gover_tvfile "$_gv_d/.tool-versions"
      case $? in 0) return 0;; 1) return 1;; esac
    fi
    [ -z "$_gv_d" ] && break
    _gv_d=${_gv_d%/*}
  done
  if [ -f "$_gv_home/version" ]; then _gover_vfile "$_gv_home/version"; return; fi
  _gv_dname=system _gv_dsys=0
}

# --- GOTOOLCHAIN --------------------------------------------------------------------

# The version in a toolchain name (gover.FromToolchain) → _gv_tv; 1 if none.
_gover_ftc() {
  case $1 in
  */*|*\\*) _gv_tv=;;
  go*) _gv_tv=${1#go};;
  *-go*) _gv_tv=${1#*-go};;
  *) _gv_tv=;;
  esac
  _gv_tv=${_gv_tv%%[	 -]*}
  [ -n "$_gv_tv" ] && _gover_parse "$_gv_tv"
}

# GOTOOLCHAIN $1 as Select parses it → _gv_tmin (local or a toolchain name), _gv_tver,
# _gv_tmode (auto, path or ""); 1 with _gv_why (Go's message) when Go refuses it.
_gover_tcparse() {
  _gv_tver='' _gv_tmode=''
  case $1 in
  auto|path) _gv_tmin=local _gv_tmode=$1; return 0;;
  esac
  _gv_tmin=${1%%+*}
  if [ "$_gv_tmin" != local ]; then
    if ! _gover_ftc "$_gv_tmin"; then
      case $1 in
      *+*) _gv_why="invalid GOTOOLCHAIN \"$1\": invalid minimum toolchain \"$_gv_tmin\"";;
      *) _gv_why="invalid GOTOOLCHAIN \"$1\"";;
      esac
      return 1
    fi
    _gv_tver=$_gv_tv
  fi
  case $1 in
  *+auto|*+path) [ "${1#*+}" = "${1##*+}" ] || { _gv_why="invalid GOTOOLCHAIN \"$1\": only version suffixes are +auto and +path"; return 1; }
    _gv_tmode=${1##*+};;
  *+*) _gv_why="invalid GOTOOLCHAIN \"$1\": only version suffixes are +auto and +path"; return 1;;
  esac
}

# GOTOOLCHAIN from the default's GOROOT/go.env, when neither the process nor the go
# env file sets it.
_gover_rootenv() {
  [ -n "$_gv_droot" ] && [ -f "$_gv_droot/go.env" ] && [ -r "$_gv_droot/go.env" ] || return 0
  _gv_n=0
  while IFS= read -r _gv_l || [ -n "$_gv_l" ]; do
    _gv_n=$((_gv_n + 1))
    case $_gv_l in
    GOTOOLCHAIN=*) _gv_gotc=${_gv_l#GOTOOLCHAIN=} _gv_gotcs=1 _gv_gotcw=$_gv_droot/go.env:$_gv_n;;
    esac
  done < "$_gv_droot/go.env"
}

# GOTOOLCHAIN=go1.X.Y: exactly that toolchain (or the patch of its minor serving it).
_gover_texact() {
  _gv_where=$_gv_gotcw
  if ! _gover_serve "$_gv_tver"; then
    _gover_fail "$_gv_tmin is not installed (set by $_gv_gotcw)" "run: gover install $_gv_tver" "$_gv_tver"
    return 0
  fi
  _gover_tcnote "$_gv_tver"
  _gv_kind=version
}

# A note when the installed $_gv_name serves GOTOOLCHAIN's $1 without being it.
_gover_tcnote() {
  _gover_cmp "${_gv_name#go}" "$1"
  [ "$_gv_c" = 0 ] && return 0
  _gv_note="GOTOOLCHAIN=$_gv_gotc asks for $_gv_tmin, which is not installed; $_gv_name runs instead (the newest installed patch of its minor)"
  _gv_pref=$1
}

_gover_tcfail() {
  if [ "$_gv_gotcw" = GOTOOLCHAIN ]; then _gover_fail "$_gv_why" "$_gv_tcforms"
  else _gover_fail "$_gv_why (set by $_gv_gotcw)" "$_gv_tcforms"
  fi
}
_gv_tcforms="set GOTOOLCHAIN to auto, local, path, go1.X.Y, go1.X.Y+auto or go1.X.Y+path"

# --- go.work / go.mod, as Go reads them to choose a toolchain ---------------------

# The version in a toolchain line, with Go's checks → _gv_tv; 1 with _gv_why.
_gover_fromtc() {
  if ! _gover_ftc "$1" || ! { case $1 in go*|*-go*) true;; *) false;; esac; }; then
    _gv_why="invalid toolchain \"$1\": must match format go1.23.0 or default"
    return 1
  fi
  if [ -z "$_gv_p" ] && [ -z "$_gv_k" ]; then
    _gv_why="invalid toolchain \"$1\": go$_gv_tv is a language version, not a toolchain version (go$_gv_tv.x)"
    return 1
  fi
}

# _gv_mf = the module file Go reads from the working directory ("" for none);
# 1 after _gover_fail.
# test -ef (same file) is in POSIX.1-2024 and in every sh gover supports (dash,
# bash, zsh, ksh, busybox ash, FreeBSD and macOS sh); the alternative, cd -P in
# a subshell, would fork on the hot path.
# shellcheck disable=SC3013
_gover_modfile() {
  _gv_mf=
  _gover_up go.mod "${PWD%/}"; _gv_mod=$_gv_up
  # Go ignores a go.mod directly in the temp dir.
  [ -n "$_gv_mod" ] && [ "${_gv_mod%/go.mod}/." -ef "${TMPDIR:-/tmp}" ] && _gv_mod=
  [ "$_gv_go111" = auto ] && [ -z "$_gv_mod" ] && return 0
  case $_gv_gowork in
  off) ;;
  ''|auto) _gover_up go.work "${PWD%/}"; _gv_mf=$_gv_up;;
  /*) [ -e "$_gv_gowork" ] && _gv_mf=$_gv_gowork;;
  *)
    _gover_fail "GOWORK=$_gv_gowork: invalid GOWORK: not an absolute path" \
      "set GOWORK to an absolute path, off, or leave it empty"
    return 1;;
  esac
  [ -n "$_gv_mf" ] || _gv_mf=$_gv_mod
  [ -z "$_gv_mf" ] && return 0
  _gover_unreadable "$_gv_mf" && return 1
  _gover_modread "$_gv_mf"
}

# Go's TooNewError for the running default, for go line $1 → _gv_t.
_gover_toonew() {
  if [ -n "$_gv_bver" ]; then _gv_t="running go $_gv_bver"; else _gv_t="the default go's version is unknown"; fi
  [ "$_gv_tcval" = auto ] || _gv_t="$_gv_t; GOTOOLCHAIN=$_gv_tcval"
  _gv_t="$_gv_mf requires go >= $1 ($_gv_t)"
}

# The base (the default, or GOTOOLCHAIN's minimum) runs.
_gover_keep() {
  if [ -z "$_gv_bname" ]; then
    _gover_fail "$_gv_tmin is not installed (set by $_gv_gotcw)" "run: gover install $_gv_tver" "$_gv_tver"
    return 0
  fi
  _gv_name=$_gv_bname _gv_where=$_gv_bwhere _gv_kind=version
  if [ "$_gv_name" = system ]; then _gv_kind=system; return 0; fi
  [ "$_gv_tmin" = local ] || _gover_tcnote "$_gv_tver"
}

# The go.work/go.mod lines against the base, in Go's order: a toolchain line counts
# only when newer than the base, then the go line when newer than that.
_gover_rule() {
  _gv_gov=
  [ "$_gv_gol" != 0 ] && _gover_parse "$_gv_go" && _gv_gov=$_gv_go
  _gv_wtc=
  if [ "$_gv_tcl" != 0 ] && [ -n "$_gv_tc" ] && [ "$_gv_tc" != default ]; then
    if ! _gover_fromtc "$_gv_tc"; then _gover_fail "$_gv_mf:$_gv_tcl: $_gv_why"; return 0; fi
    _gv_tcv=$_gv_tv _gv_c=1
    [ -z "$_gv_bver" ] || _gover_cmp "$_gv_tcv" "$_gv_bver"
    [ "$_gv_c" -gt 0 ] && _gv_wtc=1
  fi
  _gv_want=$_gv_bver
  [ -n "$_gv_wtc" ] && _gv_want=$_gv_tcv
  _gv_c=-1
  if [ -n "$_gv_gov" ]; then
    _gv_c=1
    [ -z "$_gv_want" ] || _gover_cmp "$_gv_gov" "$_gv_want"
  fi
  if [ "$_gv_c" -gt 0 ]; then
    _gv_where=$_gv_mf:$_gv_gol
    if _gover_goline "$_gv_gov"; then _gv_kind=version; return 0; fi
    _gover_toonew "$_gv_gov"
    _gover_fail "$_gv_t" "run: gover install $_gv_install" "$_gv_install"
    return 0
  fi
  if [ -z "$_gv_wtc" ]; then _gover_keep; return 0; fi
  _gv_where=$_gv_mf:$_gv_tcl
  if _gover_serve "$_gv_tcv"; then
    _gv_kind=version
    _gover_cmp "${_gv_name#go}" "$_gv_tcv"
    [ "$_gv_c" = 0 ] && return 0
    _gv_note="$_gv_where asks for toolchain go$_gv_tcv, which is not installed; $_gv_name runs instead (the newest installed patch of its minor)"
    _gv_pref=$_gv_tcv
    return 0
  fi
  # The preferred toolchain is not installed: what the go line alone selects runs.
  _gv_c=0
  if [ -n "$_gv_gov" ]; then
    _gv_c=-1
    [ -z "$_gv_bver" ] || _gover_cmp "$_gv_bver" "$_gv_gov"
  fi
  if [ "$_gv_c" -ge 0 ]; then
    [ -n "$_gv_bname" ] || { _gover_keep; return 0; }
    _gv_name=$_gv_bname _gv_where=$_gv_bwhere
    if [ -n "$_gv_gov" ]; then _gv_why="it satisfies go $_gv_gov"; else _gv_why="there is no go line"; fi
  else
    if ! _gover_goline "$_gv_gov"; then
      _gover_toonew "$_gv_gov"
      _gover_fail "$_gv_t" "run: gover install $_gv_tcv" "$_gv_tcv"
      return 0
    fi
    _gv_where=$_gv_mf:$_gv_gol _gv_why="it satisfies go $_gv_gov"
  fi
  _gv_x=$_gv_name
  if [ "$_gv_name" = system ]; then
    _gv_x="the system go"
    [ -z "$_gv_bver" ] || _gv_x="the system go (go$_gv_bver)"
  fi
  _gv_note="$_gv_mf:$_gv_tcl asks for toolchain go$_gv_tcv, which is not installed; $_gv_x runs instead ($_gv_why)"
  _gv_pref=$_gv_tcv _gv_kind=version
  [ "$_gv_name" = system ] && _gv_kind=system
  return 0
}

# --- the rule -------------------------------------------------------------------------

_gover_resolve() {
  _gv_kind=error _gv_name='' _gv_where='' _gv_msg='' _gv_hint='' _gv_install='' _gv_note='' _gv_pref=''
  _gv_tmin=local _gv_tver=''
  _gover_goenv
  _gv_on=1
  case $_gv_go111 in
  ''|on) ;;
  auto)
    _gover_up go.mod "${PWD%/}" || _gv_on=0
    # shellcheck disable=SC3013
    [ -n "$_gv_up" ] && [ "${_gv_up%/go.mod}/." -ef "${TMPDIR:-/tmp}" ] && _gv_on=0;;
  *) _gv_on=0;;
  esac
  if [ "$_gv_on" = 0 ]; then
    _gover_default || return 0
    _gv_bname=$_gv_dname _gv_bwhere=$_gv_dwhere
    _gover_keep
    return 0
  fi
  if [ -n "$_gv_gotc" ]; then
    _gover_tcparse "$_gv_gotc" || { _gover_tcfail; return 0; }
    if [ "$_gv_tmin" != local ] && [ -z "$_gv_tmode" ]; then _gover_texact; return 0; fi
  fi
  _gover_default || return 0
  _gover_modfile || return 0
  if [ -n "$_gv_mf" ] && [ -z "$_gv_gotcs" ]; then
    [ "$_gv_dname" = system ] && _gover_dsysinfo
    _gover_rootenv
    if [ -n "$_gv_gotc" ]; then
      _gover_tcparse "$_gv_gotc" || { _gover_tcfail; return 0; }
      if [ "$_gv_tmin" != local ] && [ -z "$_gv_tmode" ]; then _gover_texact; return 0; fi
    fi
  fi
  _gv_tcval=$_gv_gotc
  [ -z "$_gv_gotcs" ] && _gv_tcval=auto
  _gv_bname=$_gv_dname _gv_bver=$_gv_dver _gv_bwhere=$_gv_dwhere
  if [ "$_gv_tmin" != local ]; then
    _gv_bname='' _gv_bver=$_gv_tver _gv_bwhere=$_gv_gotcw
    _gover_serve "$_gv_tver" && _gv_bname=$_gv_name
  fi
  if [ -z "$_gv_mf" ]; then _gover_keep; return 0; fi
  [ "$_gv_dname" = system ] && [ "$_gv_tmin" = local ] && _gover_dsysinfo && _gv_bver=$_gv_dver
  if [ -n "$_gv_gotcs" ] && { [ -z "$_gv_gotc" ] || [ "$_gv_gotc" = local ]; }; then
    # GOTOOLCHAIN=local: the default runs; say when go will refuse the module.  With no
    # default at all (no pin, no global, no go on PATH) the go line chooses.
    if [ "$_gv_dname" = system ] && [ "${_gv_dnone-}" = 1 ] && [ "$_gv_gol" != 0 ] &&
       _gover_parse "$_gv_go" && _gover_goline "$_gv_go"; then
      _gv_where=$_gv_mf:$_gv_gol _gv_kind=version
      return 0
    fi
    if [ "$_gv_gol" != 0 ] && _gover_parse "$_gv_go"; then
      _gv_c=1
      [ -z "$_gv_bver" ] || _gover_cmp "$_gv_go" "$_gv_bver"
      if [ "$_gv_c" -gt 0 ]; then
        _gover_toonew "$_gv_go"
        _gv_note="go commands that load the module fail: $_gv_t"
      fi
    fi
    _gv_x=$_gv_note
    _gover_keep
    _gv_note=$_gv_x
    return 0
  fi
  _gover_rule
}
