"""Shell completion scripts for bash, zsh and fish. Codes are completed from the registry."""

from __future__ import annotations

import statusdex

COMMANDS = "search list compare completion"
OPTIONS = "--lang --json --vendor --color --no-color --version --help"


def _words() -> str:
    codes = sorted({s.code for s in statusdex.all_statuses() if s.kind == "iana"})
    return " ".join([COMMANDS, *codes, "1xx 2xx 3xx 4xx 5xx"])


def script(shell: str) -> str:
    words = _words()
    vendors = " ".join(v.id for v in statusdex.vendors())
    if shell == "bash":
        return f"""# statusdex bash completion: eval "$(statusdex completion bash)"
_statusdex() {{
  local cur prev
  cur="${{COMP_WORDS[COMP_CWORD]}}"; prev="${{COMP_WORDS[COMP_CWORD-1]}}"
  case "$prev" in
    --lang) COMPREPLY=($(compgen -W "en th fr" -- "$cur")); return;;
    --vendor) COMPREPLY=($(compgen -W "{vendors}" -- "$cur")); return;;
    completion) COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")); return;;
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "{OPTIONS}" -- "$cur")); return; fi
  COMPREPLY=($(compgen -W "{words}" -- "$cur"))
}}
complete -F _statusdex statusdex
"""
    if shell == "zsh":
        return f"""#compdef statusdex
# statusdex zsh completion: eval "$(statusdex completion zsh)"
_statusdex() {{
  _arguments \\
    '--lang[language]:lang:(en th fr)' \\
    '--vendor[vendor]:vendor:({vendors})' \\
    '--json[print JSON]' '--color[force colour]' '--no-color[no colour]' \\
    '--version[version]' '--help[help]' \\
    '*:code:({words})'
}}
compdef _statusdex statusdex
"""
    lines = [
        "# statusdex fish completion: statusdex completion fish | source",
        "complete -c statusdex -f",
        f"complete -c statusdex -n '__fish_use_subcommand' -a '{words}'",
        "complete -c statusdex -l lang -x -a 'en th fr' -d language",
        f"complete -c statusdex -l vendor -x -a '{vendors}' -d vendor",
        "complete -c statusdex -l json -d 'print JSON'",
        "complete -c statusdex -l no-color -d 'no colour'",
        "complete -c statusdex -l version -d version",
    ]
    return "\n".join(lines) + "\n"
