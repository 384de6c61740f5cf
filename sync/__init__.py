"""Till <-> head-office synchronisation: wire protocol, engine, transport, scheduler."""
