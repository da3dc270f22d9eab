"""SchemaHero: declarative database schema management, every engine a gRPC plugin."""

__version__ = "0.1.0"
