"""Running the project in production: the phases of a production build, shared by
``scripts/build_prod`` and the orchestrator."""
