"""The model, engine-neutral: specs, objects, changes, hazards and the schema fingerprint."""
