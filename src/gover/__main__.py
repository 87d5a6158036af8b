from gover.cli.main import entry

entry()
