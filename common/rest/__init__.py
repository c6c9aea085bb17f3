"""The REST base every app's ``api.py`` builds on: the scoped read-only viewset, the fast output
serializer, the shared filters and the masking mixin. It lives in ``common`` (not in the ``api``
app, which is the top layer and only holds the router, auth, schema and throttling) so that
``households``, ``monitoring`` and the other apps can use it without importing upwards."""
