from weerstand.cli import main

main()
