# gover shell integration for fish.  Add to ~/.config/fish/config.fish:
#   gover init fish | source
# (printed by `gover init fish`; generated, do not edit)
#
# Before each prompt (and on every cd) __gover_update resolves the Go version in
# fish builtins only — the same rules as gover's shims and resolve.sh, which tests
# check on one table of layouts — and, only when the result changed, puts that
# version's bin/ first on PATH and sets GOROOT; leaving restores them.

set -g __gv_home @HOME@
set -g __gv_darwin @DARWIN@
set -g __gv_forms '1.22.10, go1.22.10, 1.22, latest or system'
set -g __gv_re '^(?<M>0|[1-9][0-9]*)(?:\.(?<m>0|[1-9][0-9]*)(?:\.(?<p>0|[1-9][0-9]*))?(?:(?<k>[a-z]+)(?<r>0|[1-9][0-9]*)?)?)?$'
set -g __gv_az a b c d e f g h i j k l m n o p q r s t u v w x y z

function __gover_fail --argument-names msg hint install
    set -g __gv_kind error
    set -g __gv_msg $msg
    set -g __gv_hint $hint
    set -g __gv_install $install
end

# Only space, tab and CR are blanks in version files; go.mod trims like Go's TrimSpace.
function __gover_trim
    string trim -c ' '\t\r -- $argv[1]
end

function __gover_trimws
    string trim -c ' '\t\r\v\f -- $argv[1]
end

# --- Go's version grammar -------------------------------------------------------

function __gover_ncmp --argument-names a b
    set -g __gv_c 0
    test "$a" = "$b"; and return 0
    if test -z "$a"; set -g __gv_c -1; return 0; end
    if test -z "$b"; set -g __gv_c 1; return 0; end
    set -l la (string length -- $a)
    set -l lb (string length -- $b)
    if test $la -ne $lb
        if test $la -lt $lb; set -g __gv_c -1; else; set -g __gv_c 1; end
        return 0
    end
    # Same length: the first differing digit decides (no overflow on long numbers).
    set -l ca (string split '' -- $a)
    set -l cb (string split '' -- $b)
    set -l i 1
    while test "$ca[$i]" = "$cb[$i]"
        set i (math $i + 1)
    end
    if test $ca[$i] -lt $cb[$i]; set -g __gv_c -1; else; set -g __gv_c 1; end
end

function __gover_scmp --argument-names a b
    set -g __gv_c 0
    test "$a" = "$b"; and return 0
    if test "$a" = "~"; set -g __gv_c 1; return 0; end
    if test "$b" = "~"; set -g __gv_c -1; return 0; end
    set -l i 1
    while true
        set -l x (string sub -s $i -l 1 -- $a)
        set -l y (string sub -s $i -l 1 -- $b)
        if test -z "$x"; set -g __gv_c -1; return 0; end
        if test -z "$y"; set -g __gv_c 1; return 0; end
        if test $x != $y
            if test (contains -i -- $x $__gv_az) -lt (contains -i -- $y $__gv_az)
                set -g __gv_c -1
            else
                set -g __gv_c 1
            end
            return 0
        end
        set i (math $i + 1)
    end
end

# major[.minor[.patch]][kind[pre]] → __gv_M __gv_m __gv_p __gv_k __gv_r.
function __gover_parse --argument-names v
    string match -rq -- $__gv_re $v; or return 1
    set -g __gv_M $M
    set -g __gv_k "$k"
    set -g __gv_r "$r"
    if test -z "$m"
        set -g __gv_m 0
        set -g __gv_p 0
        return 0
    end
    set -g __gv_m $m
    set -g __gv_p "$p"
    if test -z "$p" -a -z "$k"
        # A missing patch is .0 before Go 1.21; from 1.21 on it is the language version.
        __gover_ncmp $m 21
        test $__gv_c -lt 0; and set -g __gv_p 0
    end
    return 0
end

function __gover_cmp --argument-names a b
    __gover_parse $b
    set -l B $__gv_M $__gv_m "$__gv_p" "$__gv_k" "$__gv_r"
    __gover_parse $a
    __gover_ncmp $__gv_M $B[1]; test $__gv_c = 0; or return 0
    __gover_ncmp $__gv_m $B[2]; test $__gv_c = 0; or return 0
    __gover_ncmp "$__gv_p" "$B[3]"; test $__gv_c = 0; or return 0
    set -l ka "$__gv_k"
    set -l kb "$B[4]"
    test -n "$__gv_p" -a -z "$__gv_k"; and set ka "~"
    test -n "$B[3]" -a -z "$B[4]"; and set kb "~"
    __gover_scmp "$ka" "$kb"; test $__gv_c = 0; or return 0
    __gover_ncmp "$__gv_r" "$B[5]"
end

# --- choosing among installed versions -------------------------------------------

function __gover_installed
    for d in $__gv_home/versions/go*
        set -l v (string replace -r '^.*/go' '' -- $d)
        __gover_parse $v; and echo $v
    end
end

function __gover_exact --argument-names v
    # The common case first: the directory is named exactly so.
    if test -e $__gv_home/versions/go$v
        set -g __gv_name go$v
        return 0
    end
    for c in (__gover_installed)
        __gover_cmp $c $v
        if test $__gv_c = 0
            set -g __gv_name go$c
            return 0
        end
    end
    return 1
end

# 0: __gv_name set; 1: not installed (__gv_missing, __gv_install); 2: invalid.
function __gover_pick --argument-names value
    if test "$value" = system
        set -g __gv_name system
        return 0
    end
    set -l kind
    set -l sM
    set -l sm
    set -l lower (string lower -- $value)
    if test "$lower" = latest -o "$lower" = stable
        set kind stable
    else if string match -rq -- '^(?:go)?(?<sM>[1-9][0-9]*)(?:\.(?<sm>0|[1-9][0-9]*))?(?:\.x)?$' $value
        set kind series
    else
        set -l v (string replace -r '^go' '' -- $value)
        __gover_parse $v; or return 2
        __gover_exact $v; and return 0
        set -g __gv_missing "go$v is not installed"
        set -g __gv_install $v
        return 1
    end
    set -l best
    for c in (__gover_installed)
        __gover_parse $c
        test -z "$__gv_k" -a -n "$__gv_p"; or continue
        if test $kind = series
            test "$__gv_M" = "$sM"; or continue
            test -z "$sm" -o "$__gv_m" = "$sm"; or continue
        end
        if test -n "$best"
            __gover_cmp $c $best
            test $__gv_c -gt 0; or continue
        end
        set best $c
    end
    if test -n "$best"
        set -g __gv_name go$best
        return 0
    end
    if test $kind = stable
        set -g __gv_missing "no Go is installed"
        set -g __gv_install latest
    else
        set -g __gv_install $sM
        test -n "$sm"; and set -g __gv_install $sM.$sm
        set -g __gv_missing "no go$__gv_install.x is installed"
    end
    return 1
end

function __gover_minimum --argument-names go
    __gover_parse $go
    set -l gM $__gv_M
    set -l gm $__gv_m
    set -l same
    set -l any
    for c in (__gover_installed)
        __gover_cmp $c $go
        test $__gv_c -ge 0; or continue
        if test "$__gv_M" = "$gM" -a "$__gv_m" = "$gm"
            if test -n "$same"
                __gover_cmp $c $same
                test $__gv_c -gt 0; or continue
            end
            set same $c
        else
            if test -n "$any"
                __gover_cmp $c $any
                test $__gv_c -lt 0; or continue
            end
            set any $c
        end
    end
    if test -n "$same"; set -g __gv_name go$same; return 0; end
    if test -n "$any"; set -g __gv_name go$any; return 0; end
    if test "$gM" = 1 -a "$gm" = 0
        set -g __gv_install 1
    else
        set -g __gv_install $gM.$gm
    end
    return 1
end

function __gover_apply --argument-names value
    __gover_pick $value
    switch $status
        case 0
            set -g __gv_kind version
            test "$__gv_name" = system; and set -g __gv_kind system
        case 1
            __gover_fail "$__gv_missing (set by $__gv_where)" "run: gover install $__gv_install" $__gv_install
        case '*'
            __gover_fail "$__gv_where: invalid version \"$value\": expected $__gv_forms"
    end
end

# --- version files ---------------------------------------------------------------

function __gover_unreadable --argument-names f
    if test -d $f
        __gover_fail "cannot read $f: Is a directory"
        return 0
    end
    if not test -r $f
        __gover_fail "cannot read $f: Permission denied"
        return 0
    end
    return 1
end

function __gover_lines --argument-names f
    # Every line, the first without a UTF-8 BOM.
    set -l n 0
    while read -l line
        set n (math $n + 1)
        test $n = 1; and set line (string replace -r '^\x{feff}' '' -- $line)
        printf '%s\n' $line
    end <$f
end

function __gover_vfile --argument-names f
    __gover_unreadable $f; and return 0
    set -l val
    set -l at 0
    set -l n 0
    for line in (__gover_lines $f)
        set n (math $n + 1)
        set -l t (__gover_trim $line)
        test -z "$t"; and continue
        string match -q -- '#*' $t; and continue
        if test -n "$val"
            __gover_fail "$f:$n: unexpected second version \"$t\" (the file holds one version)"
            return 0
        end
        set val $t
        set at $n
    end
    if test -z "$val"
        __gover_fail "$f: no version found: expected $__gv_forms"
        return 0
    end
    set -g __gv_where $f:$at
    __gover_apply $val
end

function __gover_tvfile --argument-names f
    __gover_unreadable $f; and return 0
    set -l n 0
    for line in (__gover_lines $f)
        set n (math $n + 1)
        set -l words (string split -n ' ' -- (string replace -ra '[\t\r]' ' ' -- (string replace -r '#.*' '' -- $line)))
        contains -- "$words[1]" golang go; or continue
        if test (count $words) = 1
            __gover_fail "$f:$n: no version after \"$words[1]\""
            return 0
        end
        set -g __gv_where $f:$n
        set -l first
        for w in $words[2..-1]
            __gover_pick $w
            switch $status
                case 0 2
                    __gover_apply $w
                    return 0
                case 1
                    test -n "$first"; or set first $w
            end
        end
        __gover_apply $first
        return 0
    end
    return 1
end

# --- go.work / go.mod, as Go reads them to choose a toolchain ---------------------

function __gover_goenv
    set -g __gv_gowork "$GOWORK"
    set -g __gv_go111 "$GO111MODULE"
    test -n "$__gv_gowork" -a -n "$__gv_go111"; and return 0
    set -l ef
    if test "$GOENV" = off
        return 0
    else if test -n "$GOENV"
        set ef $GOENV
    else if test "$__gv_darwin" = 1
        test -n "$HOME"; and set ef "$HOME/Library/Application Support/go/env"
    else if string match -q -- '/*' "$XDG_CONFIG_HOME"
        set ef $XDG_CONFIG_HOME/go/env
    else if test -z "$XDG_CONFIG_HOME" -a -n "$HOME"
        set ef $HOME/.config/go/env
    end
    test -n "$ef" -a -f "$ef" -a -r "$ef"; or return 0
    set -l fw
    set -l fm
    while read -l line
        set -l kv (string split -m1 = -- $line)
        switch $kv[1]
            case GOWORK
                set fw "$kv[2]"
            case GO111MODULE
                set fm "$kv[2]"
        end
    end <$ef
    test -n "$__gv_gowork"; or set -g __gv_gowork $fw
    test -n "$__gv_go111"; or set -g __gv_go111 $fm
end

# The nearest $name (not a directory) at or above $dir ("" is the root).
function __gover_up --argument-names name dir
    while true
        if test -e "$dir/$name" -a ! -d "$dir/$name"
            echo "$dir/$name"
            return 0
        end
        test -z "$dir"; and return 1
        set dir (string replace -r '/[^/]*$' '' -- $dir)
    end
end

function __gover_modread --argument-names f
    set -g __gv_go
    set -g __gv_gol 0
    set -g __gv_tc
    set -g __gv_tcl 0
    set -l n 0
    while read -l line
        set n (math $n + 1)
        set -l t (__gover_trimws $line)
        if test $__gv_gol = 0; and string match -rq -- '^go[ \t]' $t
            set -g __gv_go (__gover_trimws (string replace -r '//.*' '' -- (string sub -s 3 -- $t)))
            set -g __gv_gol $n
        else if test $__gv_tcl = 0; and string match -rq -- '^toolchain[ \t]' $t
            set -g __gv_tc (__gover_trimws (string replace -r '//.*' '' -- (string sub -s 10 -- $t)))
            set -g __gv_tcl $n
        end
        test $__gv_gol != 0 -a $__gv_tcl != 0; and break
    end <$f
end

function __gover_fromtc --argument-names tc
    set -l tv
    if string match -rq -- '[/\\\\]' $tc
        set tv
    else if string match -q -- 'go*' $tc
        set tv (string sub -s 3 -- $tc)
    else if string match -q -- '*-go*' $tc
        set tv (string replace -r '^.*?-go' '' -- $tc)
    end
    set tv (string replace -r '[\t -].*' '' -- "$tv")
    set -g __gv_tv $tv
    if test -z "$tv"; or not __gover_parse $tv
        set -g __gv_why "invalid toolchain \"$tc\": must match format go1.23.0 or default"
        return 1
    end
    if test -z "$__gv_p" -a -z "$__gv_k"
        set -g __gv_why "invalid toolchain \"$tc\": go$tv is a language version, not a toolchain version (go$tv.x)"
        return 1
    end
end

# 0: decided (or failed); 1: the module file sets nothing.
function __gover_modules --argument-names dir
    __gover_goenv
    contains -- "$__gv_go111" '' on auto; or return 1
    set -l mod
    if test "$dir" != -
        set mod (__gover_up go.mod $dir)
    end
    set -l tmp $TMPDIR
    test -n "$tmp"; or set tmp /tmp
    if test -n "$mod"; and test (string replace -r '/go\.mod$' '' -- $mod)/. -ef $tmp
        set mod
    end
    test "$__gv_go111" = auto -a -z "$mod"; and return 1
    set -l mf
    switch "$__gv_gowork"
        case off
        case '' auto
            test "$dir" = -; or set mf (__gover_up go.work $dir)
        case '/*'
            test -e "$__gv_gowork"; and set mf $__gv_gowork
        case '*'
            __gover_fail "GOWORK=$__gv_gowork: invalid GOWORK: not an absolute path" "set GOWORK to an absolute path, off, or leave it empty"
            return 0
    end
    test -n "$mf"; or set mf $mod
    test -n "$mf"; or return 1
    __gover_unreadable $mf; and return 0
    __gover_modread $mf
    set -l gov
    if test $__gv_gol != 0; and __gover_parse "$__gv_go"
        set gov $__gv_go
    end
    if test $__gv_tcl != 0 -a -n "$__gv_tc" -a "$__gv_tc" != default
        set -g __gv_where $mf:$__gv_tcl
        if not __gover_fromtc $__gv_tc
            __gover_fail "$__gv_where: $__gv_why"
            return 0
        end
        set -g __gv_c 1
        test -z "$gov"; or __gover_cmp $__gv_tv $gov
        if test $__gv_c -ge 0
            if __gover_exact $__gv_tv
                set -g __gv_kind version
            else
                __gover_fail "go$__gv_tv is not installed (set by $__gv_where)" "run: gover install $__gv_tv" $__gv_tv
            end
            return 0
        end
    end
    if test -n "$gov"
        set -g __gv_where $mf:$__gv_gol
        if __gover_minimum $gov
            set -g __gv_kind version
        else
            __gover_fail "no installed Go satisfies go $gov (set by $__gv_where)" "run: gover install $__gv_install" $__gv_install
        end
        return 0
    end
    return 1
end

# --- the precedence ----------------------------------------------------------------

function __gover_resolve
    set -g __gv_kind error
    set -g __gv_name
    set -g __gv_where
    set -g __gv_msg
    set -g __gv_hint
    set -g __gv_install
    set -l gv (__gover_trim "$GOVER_VERSION")
    if test -n "$gv"
        set -g __gv_where GOVER_VERSION
        __gover_apply $gv
        return 0
    end
    set -l mods 0
    set -l d (string replace -r '/$' '' -- $PWD)
    while true
        if test -f "$d/.go-version"
            __gover_vfile "$d/.go-version"
            return 0
        end
        if test -f "$d/.tool-versions"
            __gover_tvfile "$d/.tool-versions"; and return 0
        end
        if test $mods = 0
            if test -e "$d/go.work" -a ! -d "$d/go.work"; or test -e "$d/go.mod" -a ! -d "$d/go.mod"
                set mods 1
                __gover_modules $d; and return 0
            end
        end
        test -z "$d"; and break
        set d (string replace -r '/[^/]*$' '' -- $d)
    end
    if test $mods = 0
        __gover_goenv
        if not contains -- "$__gv_gowork" '' auto off
            __gover_modules -; and return 0
        end
    end
    if test -f "$__gv_home/version"
        __gover_vfile "$__gv_home/version"
        return 0
    end
    set -g __gv_kind system
    set -g __gv_name system
    set -g __gv_where
end

# --- the hook ------------------------------------------------------------------------

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
        if test -n "$_GOVER_ROOT" -a "$GOROOT" = "$_GOVER_ROOT"
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
