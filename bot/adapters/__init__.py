"""Platform adapters: each turns platform events into core Requests and Answers into messages."""
