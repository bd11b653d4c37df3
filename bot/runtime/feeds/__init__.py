"""News feeds at run time: fetch (HTTP), parse (feedparser), the Poller, the Newsroom (the core's
NewsDesk), setup (building them from the settings) and operators' commands. Import the modules
themselves: this package imports nothing, so reading stored news never loads the HTTP client."""
