#!/usr/bin/env bash
# The steps of action.yml (the GitHub Action), kept here so they can be run and tested
# locally with bash:  scripts/action.sh install-gover | resolve | install
#
# Inputs come as environment variables, as the action passes them:
#   INPUT_GO_VERSION   a version or series (1.23, 1.22.10); empty: the repository's pin
#   INPUT_WORKING_DIRECTORY  where the pin is looked up (default .)
#   GOVER_CMD          how to run gover (default: gover, from the venv install-gover made)
# Outputs go to the files GitHub names in GITHUB_OUTPUT, GITHUB_ENV and GITHUB_PATH.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${GOVER_ACTION_VENV:-${RUNNER_TEMP:-$HOME}/gover-venv}
gover_cmd=${GOVER_CMD:-"$venv/bin/gover"}
workdir=${INPUT_WORKING_DIRECTORY:-.}

gover() {
    # shellcheck disable=SC2086  # GOVER_CMD may be "python -m gover"
    $gover_cmd "$@"
}

json_field() {  # json_field KEY.SUBKEY < document
    python3 -c 'import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v.get(k) if isinstance(v, dict) else None
print("" if v is None else v)' "$1"
}

case "${1:-}" in
install-gover)
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$here"
    echo "$venv/bin" >>"$GITHUB_PATH"
    ;;
resolve)
    spec=${INPUT_GO_VERSION:-}
    if [ -z "$spec" ]; then
        # the pin as written (.go-version, .tool-versions, go.work/go.mod); a go line
        # is a minimum, and its exact version is the smallest that satisfies it
        spec=$(cd "$workdir" && gover current --json | json_field origin.value) || true
        spec=${spec%% *}  # .tool-versions may list alternatives: the first is preferred
    fi
    if [ -z "$spec" ]; then
        echo "gover action: no go-version input and no pin in $workdir (.go-version, .tool-versions, go.mod)" >&2
        exit 1
    fi
    # awk reads the whole list: head would close the pipe early, and under pipefail
    # gover's broken pipe would end the step
    exact=$(gover list-remote "$spec" | awk 'NR == 1 { print $1 }')
    if [ -z "$exact" ]; then
        echo "gover action: no release matches $spec" >&2
        exit 1
    fi
    echo "spec=$spec" >>"$GITHUB_OUTPUT"
    echo "version=$exact" >>"$GITHUB_OUTPUT"
    ;;
install)
    version=${2:?install needs the resolved version}
    gover install "$version"
    goroot=$(gover prefix "$version" --json | json_field path)
    echo "GOROOT=$goroot" >>"$GITHUB_ENV"
    echo "$goroot/bin" >>"$GITHUB_PATH"
    echo "goroot=$goroot" >>"$GITHUB_OUTPUT"
    "$goroot/bin/go" version
    ;;
*)
    echo "usage: scripts/action.sh install-gover | resolve | install VERSION" >&2
    exit 2
    ;;
esac
