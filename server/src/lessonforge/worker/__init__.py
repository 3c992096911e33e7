"""Workers: claim queued tasks, keep their leases alive, run them, rescue tasks whose worker died."""
