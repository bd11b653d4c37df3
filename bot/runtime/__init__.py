"""Running the bot: settings, the one event loop, the HTTP server, logging and metrics."""
