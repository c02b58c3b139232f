"""The sandbox's HTTPS-proxy mode: any program, unchanged, talks to the sandbox as to Twilio."""
