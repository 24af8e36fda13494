"""Local servers that speak the SMS gateways' protocols (HTTP and SMPP), for the tests and the benchmark:
real sockets on 127.0.0.1, nothing mocked. They hold no Django code, so a benchmark can run them in a
process of their own (``campaigns.testing.processes``)."""
