"""Ingestion: the landing tables and the ways webhook deliveries reach them (the file loader)."""
