"""The exit codes of `erej`'s commands, for scripts (README, "Headless commands").

A module of its own so that the argument parser (cli.py) and the commands (commands.py)
both use them without importing each other.
"""

EXIT_OK = 0  # done
EXIT_REFUSED = 1  # the backend refused (a rule, a conflict, nothing found)
EXIT_USAGE = 2  # wrong arguments, or a question nobody could answer
EXIT_BACKEND = 3  # the backend is unreachable or answered nonsense
EXIT_NOT_LOGGED_IN = 4  # no session: `erej login` first
