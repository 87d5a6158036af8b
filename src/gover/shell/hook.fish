# gover shell integration for fish.  Add to ~/.config/fish/config.fish:
#   gover init fish | source
# (printed by `gover init fish`; generated, do not edit)
#
# Before each prompt (and on every cd) __gover_update runs gover's POSIX resolver
# (common.sh + resolve.sh, the code the shims and the bash/zsh hooks run) in one
# /bin/sh and reads back its answer, so fish follows exactly the same precedence
# rules.  Only when the result changed does it put that version's bin/ first on
# PATH and set GOROOT; leaving restores them.

set -g __gv_home @HOME@
# The resolver and a last line printing its answer; sh sees the exported
# environment, as the shims and go itself do.
set -g __gv_resolver @RESOLVER@

function __gover_resolve
    # kind, name, message, hint: NUL-separated, since a message may hold any character.
    set -l r (/bin/sh -c $__gv_resolver | string split0)
    if test (count $r) -ne 4
        set r error '' 'cannot run the resolver with /bin/sh' ''
    end
    set -g __gv_kind $r[1]
    set -g __gv_name $r[2]
    set -g __gv_msg $r[3]
    set -g __gv_hint $r[4]
end

function __gover_update
    __gover_resolve
    set -l key
    switch $__gv_kind
        case version
            set key $__gv_name
        case system
            set key system
        case '*'
            set key "!$__gv_msg"
    end
    test "$key" = "$_GOVER_KEY"; and return 0
    if test -n "$_GOVER_BIN"
        set -l i (contains -i -- $_GOVER_BIN $PATH)
        and set -e PATH[$i]
        set -gx _GOVER_BIN ''
    end
    if test $__gv_kind = version
        if test -z "$_GOVER_ROOT"; or test "$GOROOT" != "$_GOVER_ROOT"
            if set -q GOROOT
                set -gx _GOVER_OLD_SET 1
                set -gx _GOVER_OLD_ROOT $GOROOT
            else
                set -gx _GOVER_OLD_SET 0
                set -gx _GOVER_OLD_ROOT ''
            end
        end
        set -gx _GOVER_ROOT $__gv_home/versions/$__gv_name
        set -gx _GOVER_BIN $_GOVER_ROOT/bin
        set -gx GOROOT $_GOVER_ROOT
        set -gx PATH $_GOVER_BIN $PATH
    else
        if test -n "$_GOVER_ROOT"; and test "$GOROOT" = "$_GOVER_ROOT"
            if test "$_GOVER_OLD_SET" = 1
                set -gx GOROOT $_GOVER_OLD_ROOT
            else
                set -e GOROOT
            end
        end
        set -gx _GOVER_ROOT ''
        if test $__gv_kind = error
            printf 'gover: %s\n' $__gv_msg >&2
            test -z "$__gv_hint"; or printf '  %s\n' $__gv_hint >&2
        end
    end
    set -gx _GOVER_KEY $key
end

function __gover_hook --on-event fish_prompt --on-variable PWD
    __gover_update
end

# `gover shell` changes this shell's GOVER_VERSION, so it has to run here.
function gover
    if test "$argv[1]" = shell
        set -l out (env GOVER_SHELL_HOOK=fish @CMD@ shell $argv[2..-1]); or return
        string join \n -- $out | source
        __gover_update
    else
        @CMD@ $argv
    end
end

contains -- $__gv_home/shims $PATH; or set -gx PATH $__gv_home/shims $PATH
