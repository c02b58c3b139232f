"""A pytest plugin for your own tests: a private Twilio sandbox per test session, like moto for AWS.

Installed with the kit (its `pytest11` entry point loads `sandbox_pytest.plugin`); a test takes
the `twilio_sandbox` fixture. See docs/own-app.md.
"""
