"""Loopback fakes of what newsbot talks to over the network (chat platforms, feed servers), on 127.0.0.1
and port 0. Tests and benchmarks import them from here."""
