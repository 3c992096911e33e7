"""The admin console at ``/admin``: server-rendered pages over the same services and session as the API."""
