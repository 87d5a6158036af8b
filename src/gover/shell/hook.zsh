# gover shell integration for zsh.  Add to ~/.zshrc:  eval "$(gover init zsh)"
# (printed by `gover init zsh`; generated, do not edit)
# The resolver is POSIX sh; functions defined under `emulate sh -c` keep sh
# semantics whenever they run, whatever options the user has set.  The body is
# code, single-quoted so that it expands when it runs, not here.
# shellcheck disable=SC2016
emulate sh -c @BODY@

_gover_hook() {
  local _gv_status=$?
  emulate -L zsh
  _gover_update
  return $_gv_status
}

autoload -Uz add-zsh-hook
add-zsh-hook precmd _gover_hook
add-zsh-hook chpwd _gover_hook
