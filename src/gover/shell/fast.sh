# The shims' fast path: the same precedence as resolve.sh, but the installed set
# is baked in by `gover rehash` (the tables below are computed by gover's Python
# resolver), so the common cases need no version arithmetic.  It answers only
# when it is sure; anything unusual (an error, a .tool-versions fallback, system,
# GOWORK, an odd version) returns 1 and the full resolver decides.
#
# Stage 1 handles GOVER_VERSION, .go-version and .tool-versions; only when the walk
# reaches a go.work/go.mod (or finds nothing) does the shim go on to parse stage 2.

# A spec (1.22.10, go1.22.10, 1.22, 1.22.x, latest …) → _gv_name.
_gover_spec() {
  case $1 in
@SPEC_TABLE@
  *) return 1;;
  esac
}

# .go-version or the global file → _gv_val, if it holds exactly one value.
_gover_fvfile() {
  [ -r "$1" ] || return 1
  _gv_val='' _gv_n=0
  while IFS= read -r _gv_l || [ -n "$_gv_l" ]; do
    _gv_n=$((_gv_n + 1))
    [ "$_gv_n" = 1 ] && _gv_l=${_gv_l#"$_gv_bom"}
    _gover_trim "$_gv_l"
    case $_gv_t in ''|'#'*) continue;; esac
    [ -z "$_gv_val" ] || return 1
    _gv_val=$_gv_t
  done < "$1"
  [ -n "$_gv_val" ]
}

# .tool-versions: 0 when its golang/go line's first version is in the table,
# 2 when it has no such line, 1 otherwise (fallbacks and errors: the full resolver).
# The bracket expressions hold blanks ($_gv_cr, $_gv_ws) as members: those
# expansions are patterns on purpose.
# shellcheck disable=SC2295
_gover_ftvfile() {
  [ -r "$1" ] || return 1
  _gv_n=0
  while IFS= read -r _gv_l || [ -n "$_gv_l" ]; do
    _gv_n=$((_gv_n + 1))
    [ "$_gv_n" = 1 ] && _gv_l=${_gv_l#"$_gv_bom"}
    _gv_l=${_gv_l%%"#"*}
    _gover_trim "$_gv_l"
    _gv_w=${_gv_t%%[	 $_gv_cr]*}
    case $_gv_w in golang|go) ;; *) continue;; esac
    _gover_trim "${_gv_t#"$_gv_w"}"
    _gover_spec "${_gv_t%%[	 $_gv_cr]*}"
    return
  done < "$1"
  return 2
}

# Walk up from $_gv_d: 0 decided, 1 unsure, 3 a go.work/go.mod is in $_gv_d
# (while $_gv_mods is 0), 4 nothing up to the root.
_gover_walk() {
  while :; do
    # The common case first: nothing here.  (Four [ builtins measured no slower than
    # one [ with -a, which POSIX leaves ill-defined: the stat calls dominate.)
    if [ ! -e "$_gv_d/.go-version" ] && [ ! -e "$_gv_d/.tool-versions" ] && [ ! -e "$_gv_d/go.work" ] &&
       [ ! -e "$_gv_d/go.mod" ]; then
      [ -z "$_gv_d" ] && return 4
      _gv_d=${_gv_d%/*}
      continue
    fi
    if [ -f "$_gv_d/.go-version" ]; then
      _gover_fvfile "$_gv_d/.go-version" && _gover_spec "$_gv_val"
      return
    fi
    if [ -f "$_gv_d/.tool-versions" ]; then
      _gover_ftvfile "$_gv_d/.tool-versions"
      case $? in 0) return 0;; 1) return 1;; esac
    fi
    if [ "$_gv_mods" = 0 ]; then
      if { [ -e "$_gv_d/go.work" ] && [ ! -d "$_gv_d/go.work" ]; } ||
         { [ -e "$_gv_d/go.mod" ] && [ ! -d "$_gv_d/go.mod" ]; }; then
        return 3
      fi
    fi
    [ -z "$_gv_d" ] && return 4
    _gv_d=${_gv_d%/*}
  done
}

# Stage 1: 0 decided; otherwise _gv_st says what is left (1 unsure, 3 or 4 stage 2).
_gover_fast1() {
  _gv_st=1
  _gover_trim "${GOVER_VERSION-}"
  if [ -n "$_gv_t" ]; then _gover_spec "$_gv_t"; return; fi
  _gv_mods=0 _gv_d=${PWD%/}
  _gover_walk
  case $? in
  0) return 0;;
  3) _gv_st=3;;
  4) _gv_st=4;;
  esac
  return 1
}

# --- stage 2 ---

# A toolchain value → _gv_name and its order key _gv_tk.
_gover_tc() {
  case $1 in
@TC_TABLE@
  *) _gv_tk=''; return 1;;
  esac
}

# "key:name" for every installed version, in Go's order ("" if some version
# has no key).  key = minor*1e8 + (patch+1)*1e4 + kind*1e3 + (pre+1), with
# kind 0 for a language version, alpha 1, beta 2, rc 3, a release 9.
_gv_keys='@KEYS@'

# $1 = a go line → _gv_key, for go 1.x versions this encoding covers.
_gover_key() {
  case $1 in 1.*) ;; *) return 1;; esac
  _gv_x=${1#1.}
  _gv_m=${_gv_x%%[!0123456789]*}; _gv_x=${_gv_x#"$_gv_m"}
  case $_gv_m in ''|0?*|?????*) return 1;; esac
  _gv_P=0 _gv_kr=0 _gv_R=0
  if [ -z "$_gv_x" ]; then
    [ "$_gv_m" -lt 21 ] && _gv_P=1 _gv_kr=9
  else
    case $_gv_x in
    .*)
      _gv_x=${_gv_x#.}
      _gv_p=${_gv_x%%[!0123456789]*}; _gv_x=${_gv_x#"$_gv_p"}
      case $_gv_p in ''|0?*|????*) return 1;; esac
      _gv_P=$((_gv_p + 1)) _gv_kr=9;;
    esac
    if [ -n "$_gv_x" ]; then
      case $_gv_x in
      rc*) _gv_kr=3 _gv_x=${_gv_x#rc};;
      beta*) _gv_kr=2 _gv_x=${_gv_x#beta};;
      alpha*) _gv_kr=1 _gv_x=${_gv_x#alpha};;
      *) return 1;;
      esac
      case $_gv_x in
      '') ;;
      0?*|????*|*[!0123456789]*) return 1;;
      *) _gv_R=$((_gv_x + 1));;
      esac
    fi
  fi
  _gv_key=$((_gv_m * 100000000 + _gv_P * 10000 + _gv_kr * 1000 + _gv_R))
}

# The module file for directory $1: 0 decided, 1 unsure, 2 it sets nothing.
# test -ef (same file) is in POSIX.1-2024 and in every sh gover supports (dash,
# bash, zsh, ksh, busybox ash, FreeBSD and macOS sh); the alternative, cd -P in
# a subshell, would fork on the hot path.
# shellcheck disable=SC3013
_gover_fmod() {
  [ -n "$_gv_keys" ] || return 1
  _gover_goenv
  case $_gv_go111 in ''|on) ;; *) return 1;; esac
  case $_gv_gowork in ''|auto) ;; *) return 1;; esac
  if ! _gover_up go.work "$1"; then
    _gover_up go.mod "$1" || return 1
    [ "${_gv_up%/go.mod}/." -ef "${TMPDIR:-/tmp}" ] && return 1
  fi
  _gover_modread "$_gv_up" || return 1
  if [ "$_gv_gol" != 0 ]; then _gover_key "$_gv_go" || return 1; fi
  if [ "$_gv_tcl" != 0 ] && [ -n "$_gv_tc" ] && [ "$_gv_tc" != default ]; then
    _gover_tc "$_gv_tc" || return 1
    [ "$_gv_gol" = 0 ] && return 0
    [ "$_gv_key" -le "$_gv_tk" ] && return 0
  fi
  [ "$_gv_gol" != 0 ] || return 2
  _gover_fmin
}

# The go line's version (its key in _gv_key): the newest installed patch of its minor
# that satisfies it, else the smallest installed version that does.
_gover_fmin() {
  _gv_same='' _gv_any=''
  for _gv_e in $_gv_keys; do
    _gv_k=${_gv_e%%:*}
    [ "$_gv_k" -ge "$_gv_key" ] || continue
    if [ $((_gv_k / 100000000)) = $((_gv_key / 100000000)) ]; then
      _gv_same=${_gv_e#*:}
    elif [ -z "$_gv_any" ]; then
      _gv_any=${_gv_e#*:}
    fi
  done
  _gv_name=${_gv_same:-$_gv_any}
  [ -n "$_gv_name" ]
}

_gover_fast2() {
  if [ "$_gv_st" = 3 ]; then
    while :; do
      _gover_fmod "$_gv_d"
      case $? in 0) return 0;; 1) return 1;; esac
      _gv_mods=1
      [ -z "$_gv_d" ] && break
      _gv_d=${_gv_d%/*}
      _gover_walk
      case $? in 0) return 0;; 4) break;; *) return 1;; esac
    done
  else
    _gover_goenv
    case $_gv_gowork in ''|auto|off) ;; *) return 1;; esac
  fi
  if [ -f "$_gv_home/version" ]; then
    _gover_fvfile "$_gv_home/version" && _gover_spec "$_gv_val"
    return
  fi
  return 1
}
