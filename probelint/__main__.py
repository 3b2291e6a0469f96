from probelint.cli import main

main()
