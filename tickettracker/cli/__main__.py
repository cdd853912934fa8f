from tickettracker.cli.main import main

main()
