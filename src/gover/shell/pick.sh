# Go's version grammar (internal/gover), gover's choices among installed versions,
# and the system go, in POSIX sh with shell builtins only (the same rules as
# gover/golang/versions.py and gover/resolve/select.py; tests compare them on
# thousands of generated versions).  resolve.sh builds the selection rule on these.
# Needs _gv_home (GOVER_HOME).  Every variable starts with _gv_ and every function
# with _gover_, because bash and zsh load these into the user's interactive shell.

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

# $1 = a valid version asked for as a toolchain → _gv_name: that release, else the
# newest installed patch of its minor at least as new (what shims/go1.X.Y serve).
_gover_serve() {
  _gover_exact "$1" && return 0
  _gover_parse "$1"
  _gv_gM=$_gv_M _gv_gm=$_gv_m _gv_same=''
  for _gv_dir in "$_gv_home"/versions/go*; do
    _gv_cv=${_gv_dir##*/}; _gv_cv=${_gv_cv#go}
    _gover_parse "$_gv_cv" || continue
    { [ "$_gv_M" = "$_gv_gM" ] && [ "$_gv_m" = "$_gv_gm" ]; } || continue
    _gover_cmp "$_gv_cv" "$1"
    [ "$_gv_c" -ge 0 ] || continue
    if [ -n "$_gv_same" ]; then _gover_cmp "$_gv_cv" "$_gv_same"; [ "$_gv_c" -gt 0 ] || continue; fi
    _gv_same=$_gv_cv
  done
  [ -n "$_gv_same" ] || return 1
  _gv_name=go$_gv_same
}

# $1 = a valid go line the default does not satisfy → _gv_name: the newest installed
# patch of its minor that satisfies it, else the newest patch of the next newer
# installed minor.  1 (with _gv_install) when nothing installed satisfies it.
_gover_goline() {
  _gover_parse "$1"
  _gv_gM=$_gv_M _gv_gm=$_gv_m _gv_same='' _gv_any='' _gv_aM='' _gv_am=''
  for _gv_dir in "$_gv_home"/versions/go*; do
    _gv_cv=${_gv_dir##*/}; _gv_cv=${_gv_cv#go}
    _gover_parse "$_gv_cv" || continue
    _gover_cmp "$_gv_cv" "$1"
    [ "$_gv_c" -ge 0 ] || continue
    if [ "$_gv_M" = "$_gv_gM" ] && [ "$_gv_m" = "$_gv_gm" ]; then
      if [ -n "$_gv_same" ]; then _gover_cmp "$_gv_cv" "$_gv_same"; [ "$_gv_c" -gt 0 ] || continue; fi
      _gv_same=$_gv_cv
      continue
    fi
    # A newer minor: keep the lowest such minor, and its newest patch.
    if [ -n "$_gv_any" ]; then
      _gv_cM=$_gv_M _gv_cm=$_gv_m
      _gover_ncmp "$_gv_cM" "$_gv_aM"
      [ "$_gv_c" = 0 ] && _gover_ncmp "$_gv_cm" "$_gv_am"
      [ "$_gv_c" -gt 0 ] && continue
      if [ "$_gv_c" = 0 ]; then _gover_cmp "$_gv_cv" "$_gv_any"; [ "$_gv_c" -gt 0 ] || continue; fi
      _gv_M=$_gv_cM _gv_m=$_gv_cm
    fi
    _gv_any=$_gv_cv _gv_aM=$_gv_M _gv_am=$_gv_m
  done
  if [ -n "$_gv_same" ]; then _gv_name=go$_gv_same; return 0; fi
  if [ -n "$_gv_any" ]; then _gv_name=go$_gv_any; return 0; fi
  if [ "$_gv_gM" = 1 ] && [ "$_gv_gm" = 0 ]; then _gv_install=1; else _gv_install=$_gv_gM.$_gv_gm; fi
  return 1
}

# --- the system go ----------------------------------------------------------------

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

# For a system default: its GOROOT (the go binary's exe/../.., or ../../.., holding
# pkg/tool; then the same with symlinks resolved) and its GOROOT/VERSION; _gv_dnone is
# 1 when there is no system go at all.
_gover_dsysinfo() {
  [ "$_gv_dsys" = 0 ] || return 0
  _gv_dsys=1 _gv_dnone=1
  _gover_system go || return 0
  _gv_dnone=
  _gover_rootof "$_gv_sys" && { _gover_verfile; return 0; }
  [ -h "$_gv_sys" ] || return 0
  _gover_realpath "$_gv_sys" && _gover_rootof "$_gv_rp" && _gover_verfile
  return 0
}

_gover_rootof() {
  _gv_x=${1%/*}; _gv_x=${_gv_x%/*}
  if [ -d "$_gv_x/pkg/tool" ]; then _gv_droot=$_gv_x; return 0; fi
  _gv_x=${_gv_x%/*}
  if [ -d "$_gv_x/pkg/tool" ]; then _gv_droot=$_gv_x; return 0; fi
  return 1
}

_gover_verfile() {
  [ -f "$_gv_droot/VERSION" ] && [ -r "$_gv_droot/VERSION" ] || return 0
  IFS= read -r _gv_l < "$_gv_droot/VERSION" || [ -n "$_gv_l" ] || return 0
  _gover_trimws "$_gv_l"
  case $_gv_t in go1*) _gv_dver=${_gv_t#go};; esac
}

# _gv_rp = $1 with every symlink resolved.  Only a system go that is a symlink (a
# distribution's /usr/bin/go) gets here, and only below a go.work/go.mod: the one
# place the resolver runs a subshell.
_gover_realpath() {
  _gv_rp=$(
    _gv_f=$1 _gv_n=0
    while [ -h "$_gv_f" ] && [ "$_gv_n" -lt 40 ]; do
      _gv_l=$(readlink "$_gv_f") || exit 1
      case $_gv_l in /*) _gv_f=$_gv_l;; *) _gv_f=${_gv_f%/*}/$_gv_l;; esac
      _gv_n=$((_gv_n + 1))
    done
    cd -P "${_gv_f%/*}" 2>/dev/null || exit 1
    printf '%s/%s' "${PWD%/}" "${_gv_f##*/}"
  ) || return 1
  [ -n "$_gv_rp" ]
}
