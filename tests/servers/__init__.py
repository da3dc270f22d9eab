"""Real database servers for the tests, started from the machine's own binaries.

Each engine has a module here with `provide(tmp_root) -> TestServer | str`: a running server, or
the reason it cannot run (which the tests' skip message names). `.ci/run` starts nothing by
hand: the session-scoped fixtures start what the tests need and stop it afterwards; a server
that a developer already runs can be named by the engine's environment variable instead.
"""
