from tests.workflows.engine.conftest import city  # noqa: F401  (the engine's small test city)
