"""Scheduled digests at run time: schedule arithmetic (timing), delivering one slot (delivery), the
APScheduler jobs rebuilt from the database (scheduler), and the Desk the /digest command uses (desk)."""
