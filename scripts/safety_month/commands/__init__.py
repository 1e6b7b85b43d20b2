"""One module per `safety-month` subcommand (see safety_month.cli.COMMANDS)."""
