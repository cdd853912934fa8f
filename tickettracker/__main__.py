from tickettracker.cli import main

main()
