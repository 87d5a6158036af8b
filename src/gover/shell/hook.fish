# gover shell integration for fish.  Add to ~/.config/fish/config.fish:
#   gover init fish | source
# (printed by `gover init fish`; generated, do not edit)
#
# Before each prompt (and on every cd) __gover_update asks the go shim for its
# answer (or runs gover's POSIX resolver, common.sh + pick.sh + resolve.sh, in one
# /bin/sh before the shims exist), so fish follows exactly the same rule.  The
# shims stay first on PATH (no version's bin/ is ever put there), so every go —
# typed here or run by a child process in another directory — resolves for the
# directory it runs in; the hook keeps _GOVER_KEY for prompts and says, once per
# change, when the Go that runs here is not the one asked for, or when none can.

set -g __gv_home @HOME@
# The resolver and a last line printing its answer; sh sees the exported
# environment, as the shims and go itself do.
set -g __gv_resolver @RESOLVER@

function __gover_resolve
    # kind, name, message, hint, note, preferred: NUL-separated, since a message may
    # hold any character.  The go shim answers fastest (its tables are baked in by
    # rehash, and sh reads it from a file); before the first rehash, the resolver text.
    set -l r
    if test -f $__gv_home/shims/go
        set r (_GOVER_HOOK_QUERY=1 /bin/sh $__gv_home/shims/go | string split0)
    else
        set r (/bin/sh -c $__gv_resolver | string split0)
    end
    if test (count $r) -ne 6
        set r error '' 'cannot run the resolver with /bin/sh' '' '' ''
    end
    set -g __gv_kind $r[1]
    set -g __gv_name $r[2]
    set -g __gv_msg $r[3]
    set -g __gv_hint $r[4]
    set -g __gv_note $r[5]
    set -g __gv_pref $r[6]
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
    # Entries an older gover hook may have left (in this shell or a parent).
    if test -n "$_GOVER_BIN"
        set -l i (contains -i -- $_GOVER_BIN $PATH)
        and set -e PATH[$i]
        set -gx _GOVER_BIN ''
    end
    if test -n "$_GOVER_ROOT"
        if test "$GOROOT" = "$_GOVER_ROOT"
            if test "$_GOVER_OLD_SET" = 1
                set -gx GOROOT $_GOVER_OLD_ROOT
            else
                set -e GOROOT
            end
        end
        set -gx _GOVER_ROOT ''
    end
    if test "$PATH[1]" != $__gv_home/shims
        while set -l i (contains -i -- $__gv_home/shims $PATH)
            set -e PATH[$i]
        end
        set -gx PATH $__gv_home/shims $PATH
    end
    set -gx _GOVER_KEY $key
    set -l said "$key|$__gv_note"
    test "$said" = "$_GOVER_SAID"; and return 0
    set -gx _GOVER_SAID $said
    if test $__gv_kind = error
        printf 'gover: %s\n' $__gv_msg >&2
        test -z "$__gv_hint"; or printf '  %s\n' $__gv_hint >&2
    else if test -n "$__gv_note"
        printf 'gover: %s\n' $__gv_note >&2
        test -z "$__gv_pref"; or printf '  run: gover install %s (or set GOVER_AUTO_INSTALL=1)\n' $__gv_pref >&2
    end
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
    else if test -x $__gv_home/shims/gover
        # The front answers the everyday commands without starting Python (shell/front.sh).
        $__gv_home/shims/gover $argv
    else
        @CMD@ $argv
    end
end

contains -- $__gv_home/shims $PATH; or set -gx PATH $__gv_home/shims $PATH
