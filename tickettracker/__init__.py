"""TicketTracker: a local-first, private help desk."""

__version__ = "0.1.0"
