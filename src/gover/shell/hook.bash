# gover shell integration for bash.  Add to ~/.bashrc:  eval "$(gover init bash)"
# (printed by `gover init bash`; generated, do not edit)
_gv_home=@HOME@
_gv_darwin=@DARWIN@
_gv_cr=$'\r' _gv_ws=$' \t\r\v\f' _gv_bom=$'\xef\xbb\xbf'
@COMMON@
@RESOLVE@
@HOOK@

# The resolver is POSIX sh: shield it from options a user may have set.
_gover_hook() {
  local _gv_status=$? _gv_opts=$- _gv_fg='' _gv_nc=''
  set +eu
  shopt -q failglob && _gv_fg=1 && shopt -u failglob
  shopt -q nocasematch && _gv_nc=1 && shopt -u nocasematch
  _gover_update
  [ -z "$_gv_fg" ] || shopt -s failglob
  [ -z "$_gv_nc" ] || shopt -s nocasematch
  case $_gv_opts in *e*) set -e;; esac
  case $_gv_opts in *u*) set -u;; esac
  return $_gv_status
}

case ";${PROMPT_COMMAND-};" in
*";_gover_hook;"*) ;;
*) PROMPT_COMMAND="_gover_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}";;
esac
