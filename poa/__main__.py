from poa.fastcli import main

main()
