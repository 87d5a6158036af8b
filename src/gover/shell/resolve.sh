# gover's version resolution in POSIX sh, shell builtins only: no subshells, no
# command substitution, no external commands.  The same rules as
# gover/resolve/*.py; tests run one table of layouts through both.
#
# Needs common.sh, and (set by the shim header or the hook snippet):
#   _gv_home  GOVER_HOME          _gv_darwin  1 on macOS (go env file location)
#   _gv_cr    a CR                _gv_ws      space, tab, CR, VT, FF
#   _gv_bom   a UTF-8 BOM
# _gover_resolve sets _gv_kind (version|system|error), _gv_name (go1.22.10|system),
# _gv_where (what set it: FILE:LINE or GOVER_VERSION), and on error _gv_msg,
# _gv_hint and _gv_install (what `gover install` would take, when not installed).
# Every variable starts with _gv_ and every function with _gover_, because bash
# and zsh load these into the user's interactive shell.

_gv_az=abcdefghijklmnopqrstuvwxyz

_gover_fail() {
  _gv_kind=error _gv_msg=$1 _gv_hint=${2-} _gv_install=${3-}
}

# --- Go's version grammar (internal/gover) -------------------------------------

_gover_num() {
  case $1 in ''|*[!0123456789]*|0?*) return 1;; esac
}

# _gv_c = -1, 0 or 1 comparing decimal strings; "" sorts first.
_gover_ncmp() {
  _gv_c=0
  [ "$1" = "$2" ] && return 0
  if [ -z "$1" ]; then _gv_c=-1; return 0; fi
  if [ -z "$2" ]; then _gv_c=1; return 0; fi
  if [ ${#1} -ne ${#2} ]; then
    if [ ${#1} -lt ${#2} ]; then _gv_c=-1; else _gv_c=1; fi
    return 0
  fi
  # Same length: the first differing digit decides (no overflow on long numbers).
  _gv_na=$1 _gv_nb=$2
  while :; do
    _gv_ha=${_gv_na%"${_gv_na#?}"} _gv_hb=${_gv_nb%"${_gv_nb#?}"}
    if [ "$_gv_ha" != "$_gv_hb" ]; then
      if [ "$_gv_ha" -lt "$_gv_hb" ]; then _gv_c=-1; else _gv_c=1; fi
      return 0
    fi
    _gv_na=${_gv_na#?} _gv_nb=${_gv_nb#?}
  done
}

# Prerelease kinds in byte order; "~" marks a patch release, above its prereleases.
_gover_scmp() {
  _gv_c=0
  [ "$1" = "$2" ] && return 0
  if [ "$1" = "~" ]; then _gv_c=1; return 0; fi
  if [ "$2" = "~" ]; then _gv_c=-1; return 0; fi
  _gv_na=$1 _gv_nb=$2
  while :; do
    if [ -z "$_gv_na" ]; then _gv_c=-1; return 0; fi
    if [ -z "$_gv_nb" ]; then _gv_c=1; return 0; fi
    _gv_ha=${_gv_na%"${_gv_na#?}"} _gv_hb=${_gv_nb%"${_gv_nb#?}"}
    if [ "$_gv_ha" != "$_gv_hb" ]; then
      _gv_ha=${_gv_az%%"$_gv_ha"*} _gv_hb=${_gv_az%%"$_gv_hb"*}
      if [ ${#_gv_ha} -lt ${#_gv_hb} ]; then _gv_c=-1; else _gv_c=1; fi
      return 0
    fi
    _gv_na=${_gv_na#?} _gv_nb=${_gv_nb#?}
  done
}

# Parse major[.minor[.patch]][kind[pre]] into _gv_M _gv_m _gv_p _gv_k _gv_r.
# A missing patch is "0" before 1.21 and "" (the language version) from 1.21 on.
# [!$_gv_az] holds the letters a-z as members: that expansion is a pattern on purpose.
# shellcheck disable=SC2295
_gover_parse() {
  _gv_x=$1
  _gv_M=${_gv_x%%[!0123456789]*}; _gv_x=${_gv_x#"$_gv_M"}
  _gover_num "$_gv_M" || return 1
  _gv_m=0 _gv_p=0 _gv_k='' _gv_r=''
  [ -z "$_gv_x" ] && return 0
  case $_gv_x in .*) _gv_x=${_gv_x#.};; *) return 1;; esac
  _gv_m=${_gv_x%%[!0123456789]*}; _gv_x=${_gv_x#"$_gv_m"}
  _gover_num "$_gv_m" || return 1
  _gv_p=
  if [ -z "$_gv_x" ]; then
    _gover_ncmp "$_gv_m" 21
    [ "$_gv_c" -lt 0 ] && _gv_p=0
    return 0
  fi
  case $_gv_x in
  .*)
    _gv_x=${_gv_x#.}
    _gv_p=${_gv_x%%[!0123456789]*}; _gv_x=${_gv_x#"$_gv_p"}
    _gover_num "$_gv_p" || return 1
    [ -z "$_gv_x" ] && return 0;;
  esac
  _gv_k=${_gv_x%%[!$_gv_az]*}; _gv_x=${_gv_x#"$_gv_k"}
  [ -n "$_gv_k" ] || return 1
  [ -z "$_gv_x" ] && return 0
  _gover_num "$_gv_x" || return 1
  _gv_r=$_gv_x
}

# _gv_c = sign(A - B) in Go's order; both must parse.  Leaves A's parse in _gv_M...
_gover_cmp() {
  _gover_parse "$2"
  _gv_bM=$_gv_M _gv_bm=$_gv_m _gv_bp=$_gv_p _gv_bk=$_gv_k _gv_br=$_gv_r
  _gover_parse "$1"
  _gover_ncmp "$_gv_M" "$_gv_bM"; [ "$_gv_c" = 0 ] || return 0
  _gover_ncmp "$_gv_m" "$_gv_bm"; [ "$_gv_c" = 0 ] || return 0
  _gover_ncmp "$_gv_p" "$_gv_bp"; [ "$_gv_c" = 0 ] || return 0
  _gv_ka=$_gv_k _gv_kb=$_gv_bk
  [ -n "$_gv_p" ] && [ -z "$_gv_k" ] && _gv_ka='~'
  [ -n "$_gv_bp" ] && [ -z "$_gv_bk" ] && _gv_kb='~'
  _gover_scmp "$_gv_ka" "$_gv_kb"; [ "$_gv_c" = 0 ] || return 0
  _gover_ncmp "$_gv_r" "$_gv_br"
}

# --- choosing among installed versions --------------------------------------------

# $1 = a spec.  0: _gv_name set; 1: not installed (_gv_missing, _gv_install); 2: invalid.
_gover_pick() {
  _gv_sk='' _gv_sM='' _gv_sm='' _gv_best=''
  case $1 in
  system) _gv_name=system; return 0;;
  [lL][aA][tT][eE][sS][tT]|[sS][tT][aA][bB][lL][eE]) _gv_sk=stable;;
  *)
    _gv_sv=${1#go}
    _gv_x=${_gv_sv%.x}
    _gv_sM=${_gv_x%%.*}; _gv_sm=${_gv_x#"$_gv_sM"}
    if _gover_num "$_gv_sM" && [ "$_gv_sM" != 0 ]; then
      case $_gv_sm in
      '') _gv_sk=series;;
      .*) _gv_sm=${_gv_sm#.}; _gover_num "$_gv_sm" && _gv_sk=series;;
      esac
    fi
    if [ -z "$_gv_sk" ]; then
      _gover_parse "$_gv_sv" || return 2
      _gv_sk=exact
      _gover_exact "$_gv_sv" && return 0
      _gv_missing="go$_gv_sv is not installed" _gv_install=$_gv_sv
      return 1
    fi;;
  esac
  for _gv_dir in "$_gv_home"/versions/go*; do
    _gv_cv=${_gv_dir##*/}; _gv_cv=${_gv_cv#go}
    _gover_parse "$_gv_cv" || continue
    { [ -z "$_gv_k" ] && [ -n "$_gv_p" ]; } || continue
    if [ "$_gv_sk" = series ]; then
      [ "$_gv_M" = "$_gv_sM" ] || continue
      [ -z "$_gv_sm" ] || [ "$_gv_m" = "$_gv_sm" ] || continue
    fi
    if [ -n "$_gv_best" ]; then
      _gover_cmp "$_gv_cv" "$_gv_best"
      [ "$_gv_c" -gt 0 ] || continue
    fi
    _gv_best=$_gv_cv
  done
  if [ -n "$_gv_best" ]; then _gv_name=go$_gv_best; return 0; fi
  case $_gv_sk in
  stable) _gv_missing="no Go is installed" _gv_install=latest;;
  *)
    if [ -n "$_gv_sm" ]; then _gv_install=$_gv_sM.$_gv_sm; else _gv_install=$_gv_sM; fi
    _gv_missing="no go$_gv_install.x is installed";;
  esac
  return 1
}

# $1 = a valid version: the installed one equal to it (1.20 == 1.20.0) → _gv_name.
_gover_exact() {
  # The common case first: the directory is named exactly so.
  if [ -e "$_gv_home/versions/go$1" ]; then _gv_name=go$1; return 0; fi
  for _gv_dir in "$_gv_home"/versions/go*; do
    _gv_cv=${_gv_dir##*/}; _gv_cv=${_gv_cv#go}
    _gover_parse "$_gv_cv" || continue
    _gover_cmp "$_gv_cv" "$1"
    if [ "$_gv_c" = 0 ]; then _gv_name=go$_gv_cv; return 0; fi
  done
  return 1
}

# $1 = a valid go line: the newest installed patch of its minor that satisfies it,
# else the smallest installed version that satisfies it.
_gover_minimum() {
  _gover_parse "$1"
  _gv_gM=$_gv_M _gv_gm=$_gv_m _gv_same='' _gv_any=''
  for _gv_dir in "$_gv_home"/versions/go*; do
    _gv_cv=${_gv_dir##*/}; _gv_cv=${_gv_cv#go}
    _gover_parse "$_gv_cv" || continue
    _gover_cmp "$_gv_cv" "$1"
    [ "$_gv_c" -ge 0 ] || continue
    if [ "$_gv_M" = "$_gv_gM" ] && [ "$_gv_m" = "$_gv_gm" ]; then
      if [ -n "$_gv_same" ]; then _gover_cmp "$_gv_cv" "$_gv_same"; [ "$_gv_c" -gt 0 ] || continue; fi
      _gv_same=$_gv_cv
    else
      if [ -n "$_gv_any" ]; then _gover_cmp "$_gv_cv" "$_gv_any"; [ "$_gv_c" -lt 0 ] || continue; fi
      _gv_any=$_gv_cv
    fi
  done
  if [ -n "$_gv_same" ]; then _gv_name=go$_gv_same; return 0; fi
  if [ -n "$_gv_any" ]; then _gv_name=go$_gv_any; return 0; fi
  if [ "$_gv_gM" = 1 ] && [ "$_gv_gm" = 0 ]; then _gv_install=1; else _gv_install=$_gv_gM.$_gv_gm; fi
  return 1
}

# Set the result from a spec $1 found at $_gv_where.
_gover_apply() {
  _gover_pick "$1"
  case $? in
  0)
    _gv_kind=version
    [ "$_gv_name" = system ] && _gv_kind=system;;
  1) _gover_fail "$_gv_missing (set by $_gv_where)" "run: gover install $_gv_install" "$_gv_install";;
  *) _gover_fail "$_gv_where: invalid version \"$1\": expected 1.22.10, go1.22.10, 1.22, latest or system";;
  esac
}

# --- version files ----------------------------------------------------------------

_gover_unreadable() {
  if [ -d "$1" ]; then _gover_fail "cannot read $1: Is a directory"; return 0; fi
  if [ ! -r "$1" ]; then _gover_fail "cannot read $1: Permission denied"; return 0; fi
  return 1
}

# .go-version or the global file: one value; blank and # lines skipped.
_gover_vfile() {
  _gover_unreadable "$1" && return 0
  _gv_val='' _gv_n=0 _gv_line=0
  while IFS= read -r _gv_l || [ -n "$_gv_l" ]; do
    _gv_n=$((_gv_n + 1))
    [ "$_gv_n" = 1 ] && _gv_l=${_gv_l#"$_gv_bom"}
    _gover_trim "$_gv_l"
    case $_gv_t in ''|'#'*) continue;; esac
    if [ -n "$_gv_val" ]; then
      _gover_fail "$1:$_gv_n: unexpected second version \"$_gv_t\" (the file holds one version)"
      return 0
    fi
    _gv_val=$_gv_t _gv_line=$_gv_n
  done < "$1"
  if [ -z "$_gv_val" ]; then
    _gover_fail "$1: no version found: expected 1.22.10, go1.22.10, 1.22, latest or system"
    return 0
  fi
  _gv_where=$1:$_gv_line
  _gover_apply "$_gv_val"
}

# .tool-versions: the first golang/go line; later versions on it are fallbacks.
# Returns 1 when the file has no such line.
# The bracket expressions hold blanks ($_gv_cr, $_gv_ws) as members: those
# expansions are patterns on purpose.
# shellcheck disable=SC2295
_gover_tvfile() {
  _gover_unreadable "$1" && return 0
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
    if [ -z "$_gv_rest" ]; then _gover_fail "$1:$_gv_n: no version after \"$_gv_w\""; return 0; fi
    _gv_where=$1:$_gv_n _gv_first=
    while [ -n "$_gv_rest" ]; do
      _gv_w=${_gv_rest%%[	 $_gv_cr]*}
      _gover_trim "${_gv_rest#"$_gv_w"}"
      _gv_rest=$_gv_t
      _gover_pick "$_gv_w"
      case $? in
      0) _gover_apply "$_gv_w"; return 0;;
      1) [ -n "$_gv_first" ] || _gv_first=$_gv_w;;
      *) _gover_apply "$_gv_w"; return 0;;
      esac
    done
    _gover_apply "$_gv_first"
    return 0
  done < "$1"
  return 1
}

# --- go.work / go.mod, as Go reads them to choose a toolchain ---------------------

# The version in a toolchain value (gover.FromToolchain + Go's checks) → _gv_tv.
_gover_fromtc() {
  case $1 in
  */*|*\\*) _gv_tv=;;
  go*) _gv_tv=${1#go};;
  *-go*) _gv_tv=${1#*-go};;
  *) _gv_tv=;;
  esac
  _gv_tv=${_gv_tv%%[	 -]*}
  if [ -z "$_gv_tv" ] || ! _gover_parse "$_gv_tv"; then
    _gv_why="invalid toolchain \"$1\": must match format go1.23.0 or default"
    return 1
  fi
  if [ -z "$_gv_p" ] && [ -z "$_gv_k" ]; then
    _gv_why="invalid toolchain \"$1\": go$_gv_tv is a language version, not a toolchain version (go$_gv_tv.x)"
    return 1
  fi
}

# The module file Go reads from the working directory, when the walk reaches $1
# (a directory holding go.work or go.mod; "-" after the walk, for GOWORK alone).
# Returns 1 when it sets nothing.
# test -ef (same file) is in POSIX.1-2024 and in every sh gover supports (dash,
# bash, zsh, ksh, busybox ash, FreeBSD and macOS sh); the alternative, cd -P in
# a subshell, would fork on the hot path.
# shellcheck disable=SC3013
_gover_modules() {
  _gover_goenv
  case $_gv_go111 in ''|on|auto) ;; *) return 1;; esac
  _gv_mod=
  [ "$1" = - ] || { _gover_up go.mod "$1"; _gv_mod=$_gv_up; }
  # Go ignores a go.mod directly in the temp dir.
  [ -n "$_gv_mod" ] && [ "${_gv_mod%/go.mod}/." -ef "${TMPDIR:-/tmp}" ] && _gv_mod=
  [ "$_gv_go111" = auto ] && [ -z "$_gv_mod" ] && return 1
  _gv_mf=
  case $_gv_gowork in
  off) ;;
  ''|auto) [ "$1" = - ] || { _gover_up go.work "$1"; _gv_mf=$_gv_up; };;
  /*) [ -e "$_gv_gowork" ] && _gv_mf=$_gv_gowork;;
  *)
    _gover_fail "GOWORK=$_gv_gowork: invalid GOWORK: not an absolute path" \
      "set GOWORK to an absolute path, off, or leave it empty"
    return 0;;
  esac
  [ -n "$_gv_mf" ] || _gv_mf=$_gv_mod
  [ -n "$_gv_mf" ] || return 1
  _gover_unreadable "$_gv_mf" && return 0
  _gover_modread "$_gv_mf"
  _gv_gov=
  [ "$_gv_gol" != 0 ] && _gover_parse "$_gv_go" && _gv_gov=$_gv_go
  if [ "$_gv_tcl" != 0 ] && [ -n "$_gv_tc" ] && [ "$_gv_tc" != default ]; then
    _gv_where=$_gv_mf:$_gv_tcl
    if ! _gover_fromtc "$_gv_tc"; then _gover_fail "$_gv_where: $_gv_why"; return 0; fi
    _gv_c=1
    [ -z "$_gv_gov" ] || _gover_cmp "$_gv_tv" "$_gv_gov"
    if [ "$_gv_c" -ge 0 ]; then
      if _gover_exact "$_gv_tv"; then _gv_kind=version; return 0; fi
      _gover_fail "go$_gv_tv is not installed (set by $_gv_where)" "run: gover install $_gv_tv" "$_gv_tv"
      return 0
    fi
  fi
  if [ -n "$_gv_gov" ]; then
    _gv_where=$_gv_mf:$_gv_gol
    if _gover_minimum "$_gv_gov"; then _gv_kind=version; return 0; fi
    _gover_fail "no installed Go satisfies go $_gv_gov (set by $_gv_where)" \
      "run: gover install $_gv_install" "$_gv_install"
    return 0
  fi
  return 1
}

# --- the precedence ----------------------------------------------------------------

_gover_resolve() {
  _gv_kind=error _gv_name='' _gv_where='' _gv_msg='' _gv_hint='' _gv_install=''
  _gover_trim "${GOVER_VERSION-}"
  if [ -n "$_gv_t" ]; then
    _gv_where=GOVER_VERSION
    _gover_apply "$_gv_t"
    return 0
  fi
  _gv_mods=0 _gv_d=${PWD%/}
  while :; do
    if [ -f "$_gv_d/.go-version" ]; then _gover_vfile "$_gv_d/.go-version"; return 0; fi
    if [ -f "$_gv_d/.tool-versions" ]; then _gover_tvfile "$_gv_d/.tool-versions" && return 0; fi
    if [ "$_gv_mods" = 0 ]; then
      if { [ -e "$_gv_d/go.work" ] && [ ! -d "$_gv_d/go.work" ]; } ||
         { [ -e "$_gv_d/go.mod" ] && [ ! -d "$_gv_d/go.mod" ]; }; then
        _gv_mods=1
        _gover_modules "$_gv_d" && return 0
      fi
    fi
    [ -z "$_gv_d" ] && break
    _gv_d=${_gv_d%/*}
  done
  if [ "$_gv_mods" = 0 ]; then
    _gover_goenv
    case $_gv_gowork in
    ''|auto|off) ;;
    *) _gover_modules - && return 0;;
    esac
  fi
  if [ -f "$_gv_home/version" ]; then _gover_vfile "$_gv_home/version"; return 0; fi
  _gv_kind=system _gv_name=system _gv_where=
}

# _gv_sys = the first $1 on PATH outside GOVER_HOME that is not this shim.
# test -ef (same file) is in POSIX.1-2024 and in every sh gover supports (dash,
# bash, zsh, ksh, busybox ash, FreeBSD and macOS sh); the alternative, cd -P in
# a subshell, would fork on the hot path.
# shellcheck disable=SC3013
_gover_system() {
  _gv_sys='' _gv_pl=${PATH-}:
  while [ -n "$_gv_pl" ]; do
    _gv_x=${_gv_pl%%:*} _gv_pl=${_gv_pl#*:}
    case $_gv_x in /*) ;; *) continue;; esac
    case $_gv_x/ in "$_gv_home"/*) continue;; esac
    if [ -f "$_gv_x/$1" ] && [ -x "$_gv_x/$1" ] && ! [ "$_gv_x/$1" -ef "$_gv_home/shims/$1" ]; then
      _gv_sys=$_gv_x/$1
      return 0
    fi
  done
  return 1
}
