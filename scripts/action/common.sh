# shellcheck shell=bash
# Helpers shared by the action's scripts (sourced, not run).
#
# Outside GitHub Actions (GITHUB_OUTPUT unset) outputs are printed as
# key=value lines on stdout, so each script can be run and tested by hand.

# vigil_output KEY VALUE: sets a step output.
vigil_output() {
  local key=$1 value=$2
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    if [[ $value == *$'\n'* ]]; then
      local delimiter
      delimiter="vigil_eof_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
      printf '%s<<%s\n%s\n%s\n' "$key" "$delimiter" "$value" "$delimiter" >>"$GITHUB_OUTPUT"
    else
      printf '%s=%s\n' "$key" "$value" >>"$GITHUB_OUTPUT"
    fi
  else
    printf '%s=%s\n' "$key" "$value"
  fi
}

# Messages go to stderr; the runner reads workflow commands (::error:: and
# ::warning::) from both streams, and stdout stays free for outputs.
vigil_log() { printf 'vigil: %s\n' "$*" >&2; }
vigil_warning() { printf '::warning title=vigil::%s\n' "$*" >&2; }
vigil_error() { printf '::error title=vigil::%s\n' "$*" >&2; }

# vigil_bool NAME VALUE: prints true or false; an unknown value is an error
# (exit status 2), so a typo never silently turns a gate off.
vigil_bool() {
  local name=$1 value
  value=$(printf '%s' "$2" | tr '[:upper:]' '[:lower:]')
  case "$value" in
    true | yes | on | 1) echo true ;;
    false | no | off | 0) echo false ;;
    *)
      vigil_error "input $name: expected true or false, got '$2'"
      return 2
      ;;
  esac
}
