from poa.cli import main

main()
