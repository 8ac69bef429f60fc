"""Account security: password policy and resets, log-in lock-out, second factor, API tokens.

Like every service, these add and flush and never commit: the request, CLI command or job commits.
"""
