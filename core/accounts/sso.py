"""Where the city's single sign-on (OIDC or CAS) plugs in. Nothing is built yet.

To add it, write an authentication backend (a class with `authenticate(request, **credentials)`
and `get_user(user_id)`, as Django documents) and name its dotted path in the environment
variable SSO_BACKEND; core/settings.py puts it in AUTHENTICATION_BACKENDS right after django-axes's
backend, so a locked-out account stays locked whichever way it signs in.

What such a backend must do:
- Verify the identity provider's answer itself (OIDC: the ID token's signature, issuer, audience,
  expiry and nonce; CAS: validate the service ticket with the CAS server), and return None for
  anything it does not recognise so that the next backend (the password) is tried.
- Map the SSO subject (the OIDC `sub` or the CAS user) to an existing, active `orgs.User`, by a
  stable identifier agreed with the city (never by display name), and return that user.
- Never create roles or grant anything: what a person may do comes only from RoleGrant, which
  administrators manage. If unknown subjects are to be let in, create a bare user without roles,
  or better, refuse and let an administrator create the account.
- Leave signing in to `django.contrib.auth.login`, so that the user_logged_in signal fires and the
  sign-in is written to the audit log like any other (core.accounts.signals). A person who only
  ever signs in this way gets an unusable password, so no password can be guessed or reset.
"""
