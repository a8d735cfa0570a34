from poa.cli import script

script()
