# The shims' fast path: the same rule as resolve.sh, but the installed set is baked
# in by `gover rehash` (the tables below are computed by gover's Python resolver),
# so the common cases need no version arithmetic.  It answers only when it is sure;
# anything unusual (an error, a .tool-versions fallback, system, GOWORK,
# GO111MODULE, GOTOOLCHAIN other than auto/path/local/an installed go1.X.Y, an odd
# version, GOVER_AUTO_INSTALL with a toolchain line that is not installed) returns 1
# and the full resolver decides.
#
# Stage 1 finds the default (GOVER_VERSION, .go-version, .tool-versions, the global
# file) and the go.work/go.mod Go would read in one walk up; only when there is such
# a file and GOTOOLCHAIN lets it switch does the shim go on to parse stage 2.

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
    _gv_val=$_gv_t _gv_vl=$_gv_n
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
    _gv_vl=$_gv_n
    _gover_spec "${_gv_t%%[	 $_gv_cr]*}"
    return
  done < "$1"
  return 2
}

# An installed toolchain value → _gv_name and its order key _gv_tk.
_gover_tc() {
  case $1 in
@TC_TABLE@
  *) _gv_tk=''; return 1;;
  esac
}

# One walk up from $_gv_d: the default's pin (when $_gv_pin is 0) and the nearest
# go.mod and go.work.  0 done, 1 unsure.
_gover_walk() {
  _gv_md='' _gv_wd=''
  while :; do
    # The common case first: nothing here.  (Four [ builtins measured no slower than
    # one [ with -a, which POSIX leaves ill-defined: the stat calls dominate.)
    if [ ! -e "$_gv_d/.go-version" ] && [ ! -e "$_gv_d/.tool-versions" ] && [ ! -e "$_gv_d/go.work" ] &&
       [ ! -e "$_gv_d/go.mod" ]; then
      [ -z "$_gv_d" ] && return 0
      _gv_d=${_gv_d%/*}
      continue
    fi
    if [ "$_gv_pin" = 0 ]; then
      if [ -f "$_gv_d/.go-version" ]; then
        _gover_fvfile "$_gv_d/.go-version" && _gover_spec "$_gv_val" || return 1
        _gv_pin=1 _gv_vw=$_gv_d/.go-version:$_gv_vl
      elif [ -f "$_gv_d/.tool-versions" ]; then
        _gover_ftvfile "$_gv_d/.tool-versions"
        case $? in 0) _gv_pin=1 _gv_vw=$_gv_d/.tool-versions:$_gv_vl;; 1) return 1;; esac
      fi
    fi
    if [ -z "$_gv_md" ] && [ -e "$_gv_d/go.mod" ] && [ ! -d "$_gv_d/go.mod" ]; then _gv_md=$_gv_d/go.mod; fi
    if [ -z "$_gv_wd" ] && [ -e "$_gv_d/go.work" ] && [ ! -d "$_gv_d/go.work" ]; then _gv_wd=$_gv_d/go.work; fi
    [ -z "$_gv_d" ] && return 0
    _gv_d=${_gv_d%/*}
  done
}

# Stage 1: 0 decided (_gv_name); otherwise _gv_st says what is left (1 unsure, 2 stage 2).
# _gv_vw is where the decision came from as `gover current` names it (FILE:LINE or
# GOVER_VERSION); empty when current has more to say than that (a note, GOTOOLCHAIN).
# test -ef (same file) is in POSIX.1-2024 and in every sh gover supports (dash,
# bash, zsh, ksh, busybox ash, FreeBSD and macOS sh); the alternative, cd -P in
# a subshell, would fork on the hot path.
# shellcheck disable=SC3013
_gover_fast1() {
  _gv_st=1 _gv_vw=''
  _gover_goenv
  case $_gv_go111 in ''|on) ;; *) return 1;; esac
  case $_gv_gowork in ''|auto|off) ;; *) return 1;; esac
  case $_gv_gotc in
  ''|local|auto|path) ;;
  *) _gover_tc "$_gv_gotc"; return;;
  esac
  _gv_pin=0
  _gover_trim "${GOVER_VERSION-}"
  if [ -n "$_gv_t" ]; then _gover_spec "$_gv_t" || return 1; _gv_pin=1 _gv_vw=GOVER_VERSION; fi
  _gv_d=${PWD%/}
  _gover_walk || return 1
  if [ "$_gv_pin" = 0 ]; then
    [ -f "$_gv_home/version" ] || return 1
    _gover_fvfile "$_gv_home/version" && _gover_spec "$_gv_val" || return 1
    _gv_vw=$_gv_home/version:$_gv_vl
  fi
  [ "$_gv_gowork" = off ] && _gv_wd=
  _gv_mf=$_gv_wd
  if [ -z "$_gv_mf" ] && [ -n "$_gv_md" ]; then
    [ "${_gv_md%/go.mod}/." -ef "${TMPDIR:-/tmp}" ] && return 1
    _gv_mf=$_gv_md
  fi
  [ -n "$_gv_mf" ] || return 0
  # GOTOOLCHAIN=local (or set empty): go.work/go.mod never switch the default.  (The
  # prompt hook wants to know whether go will refuse the module: the full resolver says.)
  if [ -n "$_gv_gotcs" ] && { [ -z "$_gv_gotc" ] || [ "$_gv_gotc" = local ]; }; then
    _gv_vw=''
    [ -z "${_GOVER_HOOK_QUERY-}" ]
    return
  fi
  _gv_st=2
  return 1
}

# --- stage 2 ---

# An installed name → its order key _gv_dk and its go.env's GOTOOLCHAIN _gv_denv
# ("-" when it sets none).
_gover_info() {
  case $1 in
@INFO_TABLE@
  *) return 1;;
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

# The go line (key $1): the newest installed patch of its minor that satisfies it,
# else the newest patch of the next newer installed minor → _gv_name.
_gover_fmin() {
  _gv_same='' _gv_any='' _gv_am='' _gv_gm=$(($1 / 100000000))
  for _gv_e in $_gv_keys; do
    _gv_k=${_gv_e%%:*}
    [ "$_gv_k" -ge "$1" ] || continue
    _gv_km=$((_gv_k / 100000000))
    if [ "$_gv_km" = "$_gv_gm" ]; then
      _gv_same=${_gv_e#*:}
    elif [ -z "$_gv_am" ] || [ "$_gv_km" = "$_gv_am" ]; then
      _gv_am=$_gv_km _gv_any=${_gv_e#*:}
    fi
  done
  _gv_name=${_gv_same:-$_gv_any}
  [ -n "$_gv_name" ]
}

# A toolchain key $1 that is not installed: the newest installed patch of its minor
# at least as new → _gv_name.
_gover_fserve() {
  _gv_same='' _gv_gm=$(($1 / 100000000))
  for _gv_e in $_gv_keys; do
    _gv_k=${_gv_e%%:*}
    [ "$_gv_k" -ge "$1" ] && [ $((_gv_k / 100000000)) = "$_gv_gm" ] && _gv_same=${_gv_e#*:}
  done
  _gv_name=$_gv_same
  [ -n "$_gv_name" ]
}

# Stage 2: the go.work/go.mod lines against the default (_gv_name from stage 1).
_gover_fast2() {
  [ -n "$_gv_keys" ] || return 1
  _gv_denv=- _gv_dk=0
  _gover_info "$_gv_name" || return 1
  _gv_dname=$_gv_name
  [ -n "$_gv_gotcs" ] || case $_gv_denv in auto|path|-) ;; *) return 1;; esac
  _gover_modread "$_gv_mf" || return 1
  _gv_gk=''
  if [ "$_gv_gol" != 0 ]; then _gover_key "$_gv_go" || return 1; _gv_gk=$_gv_key; fi
  _gv_want=$_gv_dk _gv_wtc='' _gv_tn=''
  if [ "$_gv_tcl" != 0 ] && [ -n "$_gv_tc" ] && [ "$_gv_tc" != default ]; then
    if _gover_tc "$_gv_tc"; then
      _gv_tn=$_gv_name
    else
      case $_gv_tc in go1.*) _gover_key "${_gv_tc#go}" || return 1;; *) return 1;; esac
      # A language version is not a toolchain: the full resolver says so.
      [ $((_gv_key % 10000)) = 0 ] && return 1
      _gv_tk=$_gv_key
    fi
    [ "$_gv_tk" -gt "$_gv_dk" ] && _gv_want=$_gv_tk _gv_wtc=1
  fi
  if [ -n "$_gv_gk" ] && [ "$_gv_gk" -gt "$_gv_want" ]; then
    _gv_vw=$_gv_mf:$_gv_gol
    _gover_fmin "$_gv_gk"
    return
  fi
  _gv_name=$_gv_dname
  [ -n "$_gv_wtc" ] || return 0
  if [ -n "$_gv_tn" ]; then _gv_name=$_gv_tn _gv_vw=$_gv_mf:$_gv_tcl; return 0; fi
  _gv_vw=''
  # The toolchain line names a release that is not installed: silently run what
  # stands in for it (gover current, doctor and the prompt hook, through the full
  # resolver, say so).
  { [ "${GOVER_AUTO_INSTALL-}" = 1 ] || [ -n "${_GOVER_HOOK_QUERY-}" ]; } && return 1
  _gover_fserve "$_gv_tk" && return 0
  _gv_name=$_gv_dname
  { [ -z "$_gv_gk" ] || [ "$_gv_dk" -ge "$_gv_gk" ]; } && return 0
  _gover_fmin "$_gv_gk"
}
